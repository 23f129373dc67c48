import { parseArgs } from 'node:util';
import { closest, didYouMean } from './suggest.js';

/** A command line the `mikrocloud` command cannot run; the message says what to change. */
export class UsageError extends Error {}

/** The commands `mikrocloud` runs, as typed (`config check` is two words). */
export const COMMANDS = ['serve', 'config check', 'doctor'] as const;
export type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  config: { type: 'string', short: 'c', value: 'FILE' },
  host: { type: 'string', value: 'HOST' },
  port: { type: 'string', short: 'p', value: 'PORT' },
  'log-format': { type: 'string', value: 'json|plain' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;
const NAMES = Object.keys(OPTIONS) as OptionName[];
const SHORT = new Map(NAMES.flatMap((name) => ('short' in OPTIONS[name] ? [[(OPTIONS[name] as { short: string }).short, name] as const] : [])));

/** How to write an option in a message: `--port PORT`. */
function spelled(name: OptionName): string {
  const option = OPTIONS[name];
  return 'value' in option ? `--${name} ${option.value}` : `--${name}`;
}

/**
 * Checks the options before `parseArgs` sees them, so that an unknown option or a missing value
 * is answered in our words ("did you mean", which value is expected) rather than Node's.
 */
function checkOptions(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return;
    if (!arg.startsWith('-') || arg === '-') continue;
    let name: OptionName | undefined;
    let inline = false;
    if (arg.startsWith('--')) {
      const [given = '', ...rest] = arg.slice(2).split('=');
      inline = rest.length > 0;
      if (!(NAMES as string[]).includes(given)) {
        throw new UsageError(`unknown option "--${given}"${didYouMean(given, NAMES).replace(/"([^"]+)"/, '"--$1"')}`);
      }
      name = given as OptionName;
    } else {
      const letter = arg.slice(1, 2);
      name = SHORT.get(letter);
      if (name === undefined) {
        const long = closest(arg.replace(/^-+/, ''), NAMES);
        throw new UsageError(`unknown option "${arg}"${long ? ` (did you mean "--${long}"?)` : ''}`);
      }
      inline = arg.length > 2;
    }
    if (OPTIONS[name].type === 'string' && !inline) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new UsageError(`option --${name} needs a value: ${spelled(name)}`);
      }
      i++;
    }
  }
}

/** The parsed command line: the command (undefined with `--help` or `--version`) and the option values. */
export interface ParsedCommandLine {
  command: Command | undefined;
  values: { config?: string; host?: string; port?: string; 'log-format'?: string; help?: boolean; version?: boolean };
}

/** Parses `mikrocloud`'s arguments; throws a {@link UsageError} whose message says what is wrong and what would do. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  checkOptions(argv);
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(NAMES.map((name) => [name, { type: OPTIONS[name].type, ...('short' in OPTIONS[name] ? { short: (OPTIONS[name] as { short: string }).short } : {}) }])),
  });
  const typed = values as ParsedCommandLine['values'];
  if (positionals.length === 0) {
    if (typed.help || typed.version) return { command: undefined, values: typed };
    throw new UsageError(`a command is required: ${COMMANDS.join(', ')}`);
  }
  const words = positionals.join(' ');
  const command = COMMANDS.find((c) => words === c);
  if (command !== undefined) return { command, values: typed };
  const prefix = COMMANDS.find((c) => words.startsWith(`${c} `));
  if (prefix !== undefined) throw new UsageError(`unexpected argument "${words.slice(prefix.length + 1)}" after "${prefix}"`);
  const first = positionals[0] ?? '';
  if (first === 'config') throw new UsageError(`unknown command "${words}" (did you mean "config check"?)`);
  const guess = closest(first, COMMANDS.map((c) => c.split(' ')[0] ?? c));
  throw new UsageError(`unknown command "${first}"${guess ? ` (did you mean "${COMMANDS.find((c) => c.startsWith(guess)) ?? guess}"?)` : ''}; commands: ${COMMANDS.join(', ')}`);
}
