import { readFileSync } from 'node:fs';

/** The KEY=value lines of an env file that tools/engines writes, or undefined when it cannot be read. */
export function readEnvFile(file: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return env;
}
