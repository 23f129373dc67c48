// Grammars of the fields of a build request that can be checked without the repository, so that a
// bad value is refused at submission (a 400 naming the field) and never costs a clone.
import { ValidationError } from '../errors.js';
import { parseImageReference, type ImageReference } from './image-reference.js';

/** The grammar of build ids, as a pattern string for schemas: they appear in paths, labels and URLs. */
export const BUILD_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';
const buildIdPattern = new RegExp(BUILD_ID_PATTERN);

// The compose specification's schema keys `services` by `^[a-zA-Z0-9._-]+$`. We also require a
// letter or digit first, so that a name can never read as an option (`-x`) or a path (`..`).
const composeServiceNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** The default upper bound of a workspace-relative path, in characters. */
export const MAX_RELATIVE_PATH_LENGTH = 1024;

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw ValidationError.field(field, 'must be a string');
  return value;
}

/** Options of {@link checkRelativePath}. */
export interface RelativePathOptions {
  /** Longest accepted value, in characters. Default {@link MAX_RELATIVE_PATH_LENGTH}. */
  maxLength?: number;
}

// Symlinks are the caller's to confine when the path is resolved: this is the check on its face.

/**
 * Returns a workspace-relative path normalised (`./a//b/` → `a/b`, the workspace → `.`), or throws a
 * {@link ValidationError} naming `field` when it is absolute, climbs out, holds control characters or
 * backslashes, is empty or too long.
 *
 * @example
 * checkRelativePath('./docker/../Dockerfile', 'dockerfile_path'); // 'Dockerfile'
 * checkRelativePath('../../etc/passwd', 'dockerfile_path'); // throws: must stay inside the repository
 */
export function checkRelativePath(value: unknown, field: string, options: RelativePathOptions = {}): string {
  const text = requireString(value, field);
  const max = options.maxLength ?? MAX_RELATIVE_PATH_LENGTH;
  if (text.length === 0) throw ValidationError.field(field, 'must not be empty');
  if (text.length > max) throw ValidationError.field(field, `must be at most ${max} characters`);
  if (/[\x00-\x1f\x7f]/.test(text)) {
    throw ValidationError.field(field, 'must not contain control characters (newline, carriage return, NUL, ...)');
  }
  if (text.includes('\\')) throw ValidationError.field(field, 'must use "/" as the separator, not "\\"');
  if (text.startsWith('/') || /^[A-Za-z]:(?:\/|$)/.test(text)) {
    throw ValidationError.field(field, 'must be a path relative to the repository, not an absolute one');
  }
  const kept: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) throw ValidationError.field(field, 'must stay inside the repository (it climbs out with "..")');
      kept.pop();
    } else {
      kept.push(segment);
    }
  }
  return kept.length === 0 ? '.' : kept.join('/');
}

/** Options of {@link checkSingleLine}. */
export interface SingleLineOptions {
  /** Longest accepted value, in characters. Default: unbounded. */
  maxLength?: number;
}

/**
 * Returns a value that is one line of text, or throws a {@link ValidationError} naming `field` when
 * it holds a newline, carriage return or NUL.
 *
 * @example
 * checkSingleLine('npm run build', 'build_command'); // 'npm run build'
 */
export function checkSingleLine(value: unknown, field: string, options: SingleLineOptions = {}): string {
  const text = requireString(value, field);
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    throw ValidationError.field(field, `must be at most ${options.maxLength} characters`);
  }
  if (/[\n\r\0]/.test(text)) {
    throw ValidationError.field(field, 'must be a single line (no newline, carriage return or NUL)');
  }
  return text;
}

/**
 * Returns a compose service name that matches `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$` (at most 255
 * characters), or throws a {@link ValidationError} naming `field`.
 *
 * @example
 * checkComposeServiceName('web', 'compose_config.service'); // 'web'
 */
export function checkComposeServiceName(value: unknown, field: string): string {
  const text = requireString(value, field);
  if (text.length === 0) throw ValidationError.field(field, 'must not be empty');
  if (text.length > 255) throw ValidationError.field(field, 'must be at most 255 characters');
  if (!composeServiceNamePattern.test(text)) {
    throw ValidationError.field(field, 'must be a compose service name: letters, digits, "_", "." and "-", starting with a letter or digit');
  }
  return text;
}

/**
 * Returns a build id that matches {@link BUILD_ID_PATTERN}, or throws a {@link ValidationError} naming
 * `field`.
 */
export function checkBuildId(value: unknown, field = 'id'): string {
  const text = requireString(value, field);
  if (!buildIdPattern.test(text)) {
    throw ValidationError.field(field, 'must be 1 to 128 characters from [A-Za-z0-9_.-], starting with a letter or digit');
  }
  return text;
}

/**
 * Returns the parts of an image reference in the distribution grammar (lower-case repository,
 * optional tag and digest), or throws a {@link ValidationError} naming `field`.
 *
 * @example
 * checkImageReference('MyApp:1', 'image_tag'); // throws: the repository must be lower-case ("myapp")
 */
export function checkImageReference(value: unknown, field: string): ImageReference {
  const parsed = parseImageReference(requireString(value, field));
  if ('error' in parsed) throw ValidationError.field(field, parsed.error);
  return parsed;
}
