// Git's check-ref-format rules, applied to user-supplied branch names before git ever sees them.
// A ref that starts with `-` would be read as an option, so it is refused outright.

/** Returns why `ref` is not an acceptable branch or ref name, or undefined when it is. */
export function checkRefName(ref: string): string | undefined {
  if (typeof ref !== 'string' || ref.length === 0) return 'must not be empty';
  if (ref.length > 255) return 'must be at most 255 characters';
  if (ref.startsWith('-')) return 'must not start with "-"';
  // Control characters (incl. NUL, newline, DEL), space and the characters git forbids.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) {
    return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  }
  if (ref.includes('..')) return 'must not contain ".."';
  if (ref.includes('@{')) return 'must not contain "@{"';
  if (ref === '@') return 'must not be "@"';
  if (ref.startsWith('/') || ref.endsWith('/')) return 'must not start or end with "/"';
  if (ref.includes('//')) return 'must not contain "//"';
  if (ref.endsWith('.')) return 'must not end with "."';
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return 'no path component may start with "."';
    if (component.endsWith('.lock')) return 'no path component may end with ".lock"';
  }
  return undefined;
}

/** Whether a string is a full hexadecimal commit id (SHA-1 or SHA-256). */
export function isCommitSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}
