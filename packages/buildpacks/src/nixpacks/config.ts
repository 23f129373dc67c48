import Type from 'typebox';
import { parse as parseToml } from 'smol-toml';
import { checkRelativePath, createValidator, ValidationError, type FieldProblem } from '@mikrocloud/core';
import { assertSingleLine, singleLineProblem, VARIABLE_NAME } from '../generated/dockerfile-text.js';
import { ConfigField } from '../plugin/config-fields.js';
import type { WorkspaceView } from './workspace-view.js';

/** One line: no CR, LF or NUL (checked here so a build request is refused at submission). */
const SINGLE_LINE = '^[^\\r\\n\\u0000]*$';

const Command = (description: string) => ConfigField.singleLine({ maxLength: 8192, description });

/**
 * A variable's value, or `{ "value": "...", "secret": true }` for a secret. Secret variables are
 * never written into the image (no ARG, no ENV: the legacy builder has no BuildKit secrets, and
 * anything passed at build time stays readable in `docker history`). They are runtime-only: the
 * plan lists their names, and whoever starts the container supplies them.
 */
export const NixpacksVariable = Type.Union([
  Type.String({ maxLength: 65536, pattern: SINGLE_LINE }),
  Type.Object(
    {
      value: Type.String({ maxLength: 65536, pattern: SINGLE_LINE }),
      secret: Type.Optional(Type.Boolean({ description: 'runtime-only; masked in plans and logs' })),
    },
    { additionalProperties: false },
  ),
]);
export type NixpacksVariable = Type.Static<typeof NixpacksVariable>;

/** The `nixpacks_config` of a build request. */
export const NixpacksConfig = Type.Object(
  {
    install_command: Type.Optional(Command('replaces the detected install step (run with sh -c)')),
    build_command: Type.Optional(Command('replaces the detected build step (run with sh -c)')),
    start_command: Type.Optional(Command('replaces the detected start command (run with sh -c)')),
    app_dir: Type.Optional(
      ConfigField.relativePath({ description: 'the folder of the app to build, for a repository holding several (a monorepo); its context' }),
    ),
    variables: Type.Optional(
      Type.Record(Type.String({ pattern: VARIABLE_NAME.source }), NixpacksVariable, {
        additionalProperties: false,
        description: 'NAME ([A-Za-z_][A-Za-z0-9_]*) → value, or NAME → {"value": "...", "secret": true} for a runtime-only secret',
      }),
    ),
  },
  { additionalProperties: false, $id: 'NixpacksConfig' },
);
export type NixpacksConfig = Type.Static<typeof NixpacksConfig>;

const validator = createValidator(NixpacksConfig);

/**
 * Checks a `nixpacks_config`. The schema alone refuses the same inputs (so a build request is
 * refused at submission), but its messages name a regular expression; the grammar checks run
 * first so that the plan route's answers say what is wrong in words.
 */
export function parseNixpacksConfig(input: unknown): NixpacksConfig {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (raw.use_cli !== undefined) {
    problems.push({ field: 'use_cli', message: 'is a server setting ([build] nixpacks_cli), which requests cannot set' });
  }
  for (const key of ['install_command', 'build_command', 'start_command'] as const) {
    const problem = singleLineProblem(raw[key]);
    if (problem) problems.push({ field: key, message: problem });
  }
  const variables = raw.variables;
  if (typeof variables === 'object' && variables !== null) {
    for (const [name, v] of Object.entries(variables)) {
      if (!VARIABLE_NAME.test(name)) problems.push({ field: `variables.${name}`, message: 'must be a variable name ([A-Za-z_][A-Za-z0-9_]*)' });
      else {
        const problem = singleLineProblem(v) ?? singleLineProblem((v as { value?: unknown } | null)?.value);
        if (problem) problems.push({ field: `variables.${name}`, message: problem });
      }
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return validator.parse(input ?? {});
}

/** What a repository's `nixpacks.toml` / `nixpacks.json` asks for, reduced to what the planner honours. */
export interface FileConfig {
  /** `nixpacks.toml` or `nixpacks.json`. */
  source: string;
  /** First entry of `providers` that is not `"..."`. */
  provider?: string;
  install_command?: string;
  build_command?: string;
  start_command?: string;
  variables: Record<string, string>;
  /** Keys present in the file that the planner does not act on (e.g. `phases.setup.nixPkgs`). */
  ignored: string[];
}

function joinCommands(cmds: unknown, field: string, source: string): string | undefined {
  if (cmds === undefined) return undefined;
  if (!Array.isArray(cmds) || !cmds.every((c) => typeof c === 'string')) {
    throw ValidationError.field(`${source}:${field}`, 'must be a list of strings');
  }
  // Nixpacks' "..." splices in the provider's own commands; without them it is simply dropped.
  const list = (cmds as string[]).filter((c) => c !== '...');
  return list.length > 0 ? list.join(' && ') : undefined;
}

// Nixpacks joins these names into paths under its output directory: none may climb or be absolute.
function checkStaticAssets(assets: Record<string, unknown>, source: string): void {
  for (const name of Object.keys(assets)) {
    const field = `${source}:staticAssets.${name}`;
    checkRelativePath(name, field);
    if (name.split('/').includes('..')) throw ValidationError.field(field, 'must not contain ".."');
  }
}

/**
 * Reads `nixpacks.toml` (or, when absent, `nixpacks.json`) from the workspace. Honoured:
 * `providers`, `variables`, `phases.install.cmds`, `phases.build.cmds`, `start.cmd`; every
 * other key is reported in `ignored`. Returns undefined when the repository has neither file.
 */
export async function readFileConfig(view: WorkspaceView): Promise<FileConfig | undefined> {
  let source: string | undefined;
  let data: Record<string, unknown> | undefined;
  for (const name of ['nixpacks.toml', 'nixpacks.json']) {
    const text = await view.readFile(name);
    if (text === undefined) continue;
    source = name;
    try {
      const parsed: unknown = name.endsWith('.toml') ? parseToml(text) : JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a table');
      data = parsed as Record<string, unknown>;
    } catch (error) {
      throw ValidationError.field(name, `cannot be parsed: ${(error as Error).message.split('\n')[0]}`);
    }
    break;
  }
  if (source === undefined || data === undefined) return undefined;

  const result: FileConfig = { source, variables: {}, ignored: [] };
  const table = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

  for (const [key, value] of Object.entries(data)) {
    switch (key) {
      case 'providers': {
        const list = Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p !== '...') : [];
        if (list[0] !== undefined) result.provider = list[0];
        break;
      }
      case 'variables':
        for (const [name, v] of Object.entries(table(value))) {
          if (!VARIABLE_NAME.test(name)) throw ValidationError.field(`${source}:variables.${name}`, 'must be a variable name');
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
            throw ValidationError.field(`${source}:variables.${name}`, 'must be a string');
          }
          result.variables[name] = String(v);
        }
        break;
      case 'phases':
        for (const [phase, body] of Object.entries(table(value))) {
          for (const [k, v] of Object.entries(table(body))) {
            if ((phase === 'install' || phase === 'build') && k === 'cmds') {
              const cmd = joinCommands(v, `phases.${phase}.cmds`, source);
              if (cmd !== undefined) result[`${phase}_command`] = cmd;
            } else {
              result.ignored.push(`phases.${phase}.${k}`);
            }
          }
        }
        break;
      case 'start':
        for (const [k, v] of Object.entries(table(value))) {
          if (k === 'cmd' && typeof v === 'string') result.start_command = v;
          else result.ignored.push(`start.${k}`);
        }
        break;
      case 'staticAssets':
        checkStaticAssets(table(value), source);
        result.ignored.push(key);
        break;
      default:
        result.ignored.push(key);
    }
  }
  for (const key of ['install_command', 'build_command', 'start_command'] as const) {
    const value = result[key];
    if (value !== undefined) assertSingleLine(value, `${source}:${key}`);
  }
  return result;
}
