import type { FieldProblem } from '@mikrocloud/core';
import { DEFAULT_ENGINE } from '@mikrocloud/runtime';
import { parseEngineHost } from '@mikrocloud/runtime-docker';
import { privateFileProblem } from '../private-file.js';
import { ENGINE_LABEL_KEY_PATTERN, type MikrocloudConfig } from './schema.js';

const LABEL_KEY = new RegExp(ENGINE_LABEL_KEY_PATTERN);
const CONTROL = /[\u0000-\u001f\u007f]/;

const TLS_FILES = ['tls_ca_file', 'tls_cert_file', 'tls_key_file'] as const;
const SSH_FILES = ['ssh_key_file', 'ssh_known_hosts_file'] as const;

/** How an engine is reached: `[docker]` and each `[[engines]]` table share these keys. */
type EngineConnectionSettings = Pick<MikrocloudConfig['docker'], 'host' | 'runtime' | (typeof TLS_FILES)[number] | (typeof SSH_FILES)[number]> & {
  allow_plain_tcp?: boolean | undefined;
};

/**
 * An engine's `host` and its files, under `prefix` (`docker`, `engines.2`): the host is read by
 * runtime-docker's own parser (what it refuses, `serve` refuses), a `tcp://` host needs all three
 * TLS files (or `allow_plain_tcp`), the files are given only with a host of their kind, Podman is
 * reached only through a unix socket, and the private keys must be private.
 */
export function checkEngineConnection(prefix: string, settings: EngineConnectionSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const field = (key: string) => `${prefix}.${key}`;
  const tlsSet = TLS_FILES.filter((key) => settings[key] !== undefined);
  const sshSet = SSH_FILES.filter((key) => settings[key] !== undefined);
  if (!settings.host) {
    for (const key of [...tlsSet, ...sshSet]) problems.push({ field: field(key), message: `is used only with ${field('host')}` });
    return problems;
  }
  if (tlsSet.length > 0 && tlsSet.length < TLS_FILES.length) {
    for (const key of TLS_FILES.filter((k) => settings[k] === undefined)) problems.push({ field: field(key), message: 'is needed with the other TLS files' });
  }
  // Plain TCP is judged below, in this file's words; the parser judges everything else.
  const parsed = parseEngineHost(settings.host, { allowPlainTcp: true });
  if ('unusable' in parsed) {
    problems.push({ field: field('host'), message: parsed.unusable });
  } else {
    const { kind } = parsed.endpoint;
    if (kind === 'tcp' && tlsSet.length === 0 && !settings.allow_plain_tcp) {
      problems.push({ field: field('host'), message: 'a tcp:// host needs tls_ca_file, tls_cert_file and tls_key_file (or allow_plain_tcp = true, which lets anyone who reaches the port drive the engine)' });
    }
    if (settings.runtime === 'podman' && (prefix === 'docker' || kind !== 'unix')) {
      const use = prefix === 'docker' ? 'use the socket path for Podman' : 'give Podman as unix:///path/to/podman.sock';
      problems.push({ field: field('host'), message: `an engine URL is only supported for runtime docker (${use})` });
    }
    if (kind === 'ssh') for (const key of tlsSet) problems.push({ field: field(key), message: `is used only with a tcp:// ${field('host')} (this one is ssh://)` });
    if (kind === 'tcp') for (const key of sshSet) problems.push({ field: field(key), message: `is used only with an ssh:// ${field('host')} (this one is tcp://)` });
    if (kind === 'unix' && prefix !== 'docker') for (const key of [...tlsSet, ...sshSet]) problems.push({ field: field(key), message: `is not used with a unix:// ${field('host')}` });
  }
  for (const key of ['tls_key_file', 'ssh_key_file'] as const) {
    const file = settings[key];
    if (file === undefined) continue;
    const problem = privateFileProblem(file, 'the private key');
    if (problem) problems.push({ field: field(key), message: problem });
  }
  return problems;
}

/** The `[[engines]]` tables: unique names, none called `default` (that is `[docker]`), each connection as {@link checkEngineConnection} wants it. */
export function checkNamedEngines(engines: MikrocloudConfig['engines']): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  engines.forEach((engine, index) => {
    const prefix = `engines.${index}`;
    if (engine.name === DEFAULT_ENGINE) {
      problems.push({ field: `${prefix}.name`, message: `"${DEFAULT_ENGINE}" is the engine of [docker]; choose another name` });
    }
    const earlier = seen.get(engine.name);
    if (earlier !== undefined) problems.push({ field: `${prefix}.name`, message: `"${engine.name}" is already the name of engines.${earlier}` });
    else seen.set(engine.name, index);
    for (const [key, value] of Object.entries(engine.labels ?? {})) {
      if (!LABEL_KEY.test(key)) problems.push({ field: `${prefix}.labels.${key}`, message: 'is not a label key (lower-case letters and digits, joined by ., -, _ or /; at most 128 characters)' });
      else if (CONTROL.test(value)) problems.push({ field: `${prefix}.labels.${key}`, message: 'must not contain control characters' });
    }
    problems.push(...checkEngineConnection(prefix, engine));
  });
  return problems;
}
