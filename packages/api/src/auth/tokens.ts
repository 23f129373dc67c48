import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FieldProblem } from '@mikrocloud/core';
import { ConfigError } from '../config/load.js';
import type { MikrocloudConfig } from '../config/schema.js';
import { SCOPES, type Scope } from './scopes.js';
import { privateFileProblem } from '../private-file.js';

/** A token the server accepts: its name, its scopes and the SHA-256 of its secret (never the secret). */
export interface ApiToken {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly sha256: Buffer;
}

/** The name `[server] token` goes by: it holds every scope. */
export const DEFAULT_TOKEN_NAME = 'default';

/** Options of {@link loadTokens}. */
export interface LoadTokensOptions {
  /** Where `token_env` variables are read. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** File modes mean nothing on Windows; the private-file check is skipped there. */
  platform?: NodeJS.Platform;
}

/** SHA-256 of a token's text. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The tokens the configuration names: `[server] token` as `default` with every scope, then each
 * `[[server.tokens]]` entry with its secret read from `token_file` (trimmed; the file must not be
 * readable by group or others), `token_env`, or taken as `token_sha256`. Only digests are kept.
 * Throws a ConfigError naming the entry at fault (missing or double secret source, duplicate
 * name or secret, unreadable or shared file, unset variable, empty token).
 *
 * @example
 * const tokens = loadTokens(loadConfig());
 * const app = createApp({ manager, config, tokens });
 */
export function loadTokens(config: MikrocloudConfig, options: LoadTokensOptions = {}): ApiToken[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const problems: FieldProblem[] = [];
  const tokens: ApiToken[] = [];
  if (config.server.token !== undefined) tokens.push({ name: DEFAULT_TOKEN_NAME, scopes: [...SCOPES], sha256: tokenDigest(config.server.token) });

  config.server.tokens.forEach((entry, i) => {
    const field = `server.tokens.${i}`;
    const problem = (key: string, message: string) => problems.push({ field: key ? `${field}.${key}` : field, message });
    const sources = (['token_file', 'token_env', 'token_sha256'] as const).filter((key) => entry[key] !== undefined);
    if (sources.length !== 1) {
      problem('', `token "${entry.name}" needs exactly one of token_file, token_env, token_sha256${sources.length > 1 ? ` (it has ${sources.join(', ')})` : ''}`);
      return;
    }
    if (tokens.some((t) => t.name === entry.name)) {
      problem('name', `"${entry.name}" is used by another token${entry.name === DEFAULT_TOKEN_NAME ? ' (server.token is named "default")' : ''}`);
      return;
    }
    let sha256: Buffer | undefined;
    if (entry.token_sha256 !== undefined) {
      sha256 = Buffer.from(entry.token_sha256.toLowerCase(), 'hex');
    } else {
      const secret = entry.token_file !== undefined ? readTokenFile(entry.token_file, platform, (m) => problem('token_file', m)) : readTokenEnv(entry.token_env ?? '', env, (m) => problem('token_env', m));
      if (secret !== undefined) sha256 = tokenDigest(secret);
    }
    if (!sha256) return;
    const twin = tokens.find((t) => timingSafeEqual(t.sha256, sha256));
    if (twin) {
      problem('', `token "${entry.name}" has the same secret as token "${twin.name}"; give each its own`);
      return;
    }
    tokens.push({ name: entry.name, scopes: [...entry.scopes], sha256 });
  });
  if (problems.length > 0) throw new ConfigError('server.tokens', problems);
  return tokens;
}

function readTokenFile(file: string, platform: NodeJS.Platform, fail: (message: string) => void): string | undefined {
  let text: string;
  try {
    const problem = privateFileProblem(file, 'the token', { platform });
    if (problem !== undefined) {
      fail(problem);
      return undefined;
    }
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
    return undefined;
  }
  if (text === '') fail(`${file} is empty`);
  return text === '' ? undefined : text;
}

function readTokenEnv(name: string, env: NodeJS.ProcessEnv, fail: (message: string) => void): string | undefined {
  const text = env[name]?.trim();
  if (!text) fail(`the environment variable ${name} is not set (or empty)`);
  return text || undefined;
}
