// Grammars of the names users give mikrocloud. They are checked before anything reaches an
// engine, so that a bad value is a 400 that names the field and never an engine error.

/** Docker's own rule for container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. */
const containerNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Returns why `name` is not a valid container name, or undefined when it is. */
export function checkContainerName(name: string): string | undefined {
  if (name.length > 128) return 'must be at most 128 characters';
  if (!containerNamePattern.test(name)) {
    return 'must be 2 or more characters (letters, digits, "_", "." and "-"), starting with a letter or digit';
  }
  return undefined;
}

/** Environment variable names: no `=`, no whitespace, no control characters. */
const envNamePattern = /^[^=\s\p{Cc}]+$/u;

export function checkEnvironmentName(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 256) return 'must be at most 256 characters';
  if (!envNamePattern.test(name)) return 'must not contain "=", whitespace or control characters';
  return undefined;
}

/** Label keys: reverse-DNS style, printable, no whitespace. */
const labelKeyPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export function checkLabelKey(key: string): string | undefined {
  if (key.length > 256) return 'must be at most 256 characters';
  if (!labelKeyPattern.test(key)) return 'must start with a letter or digit and contain only [A-Za-z0-9._/-]';
  return undefined;
}

/** Whether a string holds a NUL byte, which no engine field accepts. */
export function hasNul(value: string): boolean {
  return value.includes('\0');
}
