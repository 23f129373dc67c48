const REDACTED = '***';

/**
 * Replaces every occurrence of the given secrets, and any credentials embedded in URLs
 * (`https://user:token@host`), with `***`. Used on everything that could reach a log, an
 * error message, a build record or a response.
 *
 * @example
 * redact('clone https://x-access-token:ghp_abc@github.com/a/b failed', ['ghp_abc'])
 * // 'clone https://***@github.com/a/b failed'
 */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
