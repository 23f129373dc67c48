const REDACTED = '***';

const specialSchemes = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);
const schemePrefix = /^([a-z][a-z0-9+.-]*:)([/\\]*)/i;
// A URL inside free text, up to whitespace or a character that quotes or closes it in logs and
// messages: a scheme followed by a slash (either way); a special scheme with user info but no
// slash (`https:u:p@host`); or an scp-like `user:password@host:path`. A plain `git@host:path`
// carries no secret and is left alone, and so is an image's `name:tag@sha256:<hex>`.
// Each alternative may only start where a run of the characters it scans begins (the lookbehinds),
// so a long hostile line is scanned in linear time, never once per position.
const delimiter = String.raw`\s"'<>\x60`;
const urlInText = new RegExp(
  [
    String.raw`(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:[/\\][^${delimiter}]*`,
    String.raw`(?<![^${delimiter}/\\@])(?:https?|wss?|ftp):[^${delimiter}/\\@]*@[^${delimiter}]*`,
    String.raw`(?<![^${delimiter}])[^${delimiter}@/:]+:[^${delimiter}@/]*@(?![a-z0-9]+:[0-9a-f]{32})[^${delimiter}@/:]+:[^${delimiter}]*`,
  ].join('|'),
  'gi',
);
// git's scp-like form: `[user@]host:path`, with no slash before the first colon.
const scpLike = /^([^/\s]*)@([^@/:\s]*):(.*)$/s;

/** Replaces every value in a `key=value&key=value` list; a bare item (no `=`) may itself be a token. */
function redactParams(params: string): string {
  return params
    .split('&')
    .map((part) => {
      if (part === '') return part;
      const eq = part.indexOf('=');
      if (eq < 0) return REDACTED;
      return eq === part.length - 1 ? part : `${part.slice(0, eq + 1)}${REDACTED}`;
    })
    .join('&');
}

/** Query values always; a fragment only when it carries parameters (`#access_token=...`), not an anchor. */
function redactQueryAndFragment(tail: string): string {
  const hash = tail.indexOf('#');
  const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
  const fragment = hash < 0 ? undefined : tail.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  const path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  const query = q < 0 ? undefined : beforeHash.slice(q + 1);
  return (
    path +
    (query === undefined ? '' : `?${redactParams(query)}`) +
    (fragment === undefined ? '' : `#${fragment.includes('=') ? redactParams(fragment) : fragment}`)
  );
}

/** String surgery that keeps the URL as written, except for its credentials and parameters. */
function redactSchemeUrl(url: string, scheme: string, slashes: string): string {
  const rest = url.slice(scheme.length + slashes.length);
  const end = rest.search(/[/\\?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  let tail = end < 0 ? '' : rest.slice(end);
  let hostPart = authority;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    // User info runs to the last `@` of the authority: `u:tok@en@host` is user `u`, password `tok@en`.
    hostPart = `${REDACTED}@${authority.slice(at + 1)}`;
  } else {
    // `https://u:pa/ss@host`: a password with a raw slash ends the authority early, leaving a
    // "port" that is not a number. Everything up to the `@` is then credentials.
    const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/s.exec(authority)?.[1];
    if (port !== undefined && port !== '' && !/^\d+$/.test(port)) {
      const upToQuery = tail.search(/[?#]/);
      const later = (upToQuery < 0 ? tail : tail.slice(0, upToQuery)).lastIndexOf('@');
      if (later >= 0) {
        hostPart = REDACTED;
        tail = tail.slice(later);
      } else {
        hostPart = `${authority.slice(0, authority.length - port.length)}${REDACTED}`;
      }
    }
  }
  return `${scheme}${slashes}${hostPart}${redactQueryAndFragment(tail)}`;
}

/**
 * What a WHATWG parser would still read as credentials or parameters in `url`, for the forms the
 * string surgery does not expect (`https:u:p@host`, backslashes, tabs and newlines WHATWG strips).
 */
function leftoverForWhatwg(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const user = decodeURIComponent(parsed.username);
  return (
    (parsed.username !== '' && user !== REDACTED) ||
    parsed.password !== '' ||
    [...parsed.searchParams.values()].some((value) => value !== '' && value !== REDACTED)
  );
}

function whatwgRedacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  if (parsed.search !== '') parsed.search = `?${redactParams(parsed.search.slice(1))}`;
  if (parsed.hash.includes('=')) parsed.hash = `#${redactParams(parsed.hash.slice(1))}`;
  return parsed.href;
}

// The user info of a URL becomes `***`, and so does every query value and every value of a
// `#key=value` fragment. WHATWG URLs and git's scp-like form (`user@host:path`) are understood;
// anything else is returned as it is.

/**
 * Replaces the user info and the query (and `#key=value` fragment) values of one URL with `***`.
 *
 * @example
 * redactUrl('https://u:tok@en@github.com/a/b.git?access_token=abc')
 * // 'https://***@github.com/a/b.git?access_token=***'
 */
export function redactUrl(url: string): string {
  const scheme = schemePrefix.exec(url);
  const [, name = '', slashes = ''] = scheme ?? [];
  // Without slashes only WHATWG's special schemes have an authority (`https:u:p@host`); `u:p@host:x`
  // is git's scp-like form.
  if (scheme && (slashes !== '' || specialSchemes.has(name.toLowerCase()))) {
    const out = redactSchemeUrl(url, name, slashes);
    return leftoverForWhatwg(out) ? whatwgRedacted(out) : out;
  }
  const scp = scpLike.exec(url);
  if (scp) return `${REDACTED}@${scp[2] ?? ''}:${scp[3] ?? ''}`;
  return url;
}

// Used on everything that could reach a log, an error message, a build record or a response.

/**
 * Replaces the given secrets (as written and percent-encoded) and what {@link redactUrl} redacts in
 * every URL of a text with `***`.
 *
 * @example
 * redact('clone https://x-access-token:ghp_abc@github.com/a/b failed', ['ghp_abc'])
 * // 'clone https://***@github.com/a/b failed'
 */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text.replace(urlInText, (url) => redactUrl(url));
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
