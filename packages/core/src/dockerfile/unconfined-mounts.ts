import { DockerfileParser, type Instruction, type Onbuild, type Run } from 'dockerfile-ast';
import { judgeMount, type UnconfinedMountOptions } from './mount-options.js';

export type { UnconfinedMountOptions } from './mount-options.js';

/** How far past an instruction's end the fallback scan follows continuation lines. */
const MAX_EXTRA_LINES = 64;
const DEFAULT_MAX_LENGTH = 1024 * 1024;

/** One `RUN --mount` that an engine which takes mount paths at their word could not confine. */
export interface UnconfinedMount {
  /** 1-based line of the `--mount` flag (of its instruction, when found by the fallback scan). */
  line: number;
  /**
   * `RUN`; `ONBUILD RUN` for a trigger, which runs in the builds of images based on this one; or
   * another keyword whose lines carry a `--mount` a builder might read as a RUN's (a heredoc body).
   */
  instruction: string;
  /** The flag's value as written (`type=cache,id=../x,target=/c`). */
  mount: string;
  /** Why it cannot be confined, in words an author can act on. */
  reason: string;
}

// What is refused: bind and cache mounts whose `source`/`src`, `id` or `from` is absolute or
// climbs (also through quotes, backslashes and percent-encoding), nested or root cache ids,
// sources inside another stage or image, bind sources that go through a symbolic link (when
// `isSymlink` is given), and paths built from variables the caller did not vouch for. Secret, ssh
// and tmpfs mounts pass. The Dockerfile is read with a real parser (parser directives, line
// continuations, heredocs, JSON form, any case); a `--mount` written anywhere on an instruction's
// lines is checked as well, so that a difference between parsers cannot open a hole.

/**
 * Lists, with their lines, the `RUN --mount=...` forms of a Dockerfile that buildah (Podman's
 * builder) cannot confine.
 *
 * @example
 * findUnconfinedMounts('FROM busybox\nRUN --mount=type=cache,id=../../tmp/x,target=/c true\n');
 * // [{ line: 2, instruction: 'RUN', mount: 'type=cache,id=../../tmp/x,target=/c', reason: 'id "../../tmp/x" climbs out with ".."' }]
 */
export function findUnconfinedMounts(dockerfileText: string, options: UnconfinedMountOptions = {}): UnconfinedMount[] {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (dockerfileText.length > maxLength) {
    // The parser's time grows faster than the text: a hostile size is refused, not read.
    return [{ line: 1, instruction: '', mount: '', reason: `the Dockerfile is longer than ${maxLength} characters` }];
  }
  const dockerfile = DockerfileParser.parse(dockerfileText);
  const lines = dockerfileText.split(/\r?\n|\r/);
  const escape = dockerfile.getEscapeCharacter();
  const judged = new Map<string, string[]>();
  const judge = (mount: string) => {
    let reasons = judged.get(mount);
    if (!reasons) judged.set(mount, (reasons = judgeMount(mount, options)));
    return reasons;
  };
  const problems: UnconfinedMount[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const trigger = keyword === 'ONBUILD' ? (instruction as Onbuild).getTriggerInstruction() : null;
    const name = trigger ? `ONBUILD ${trigger.getKeyword()}` : keyword;
    const run = keyword === 'RUN' ? instruction : trigger?.getKeyword() === 'RUN' ? trigger : undefined;
    const seen = new Set<string>();
    const report = (line: number, mount: string, reasons: string[]) => {
      for (const reason of reasons) {
        const key = `${mount}\0${reason}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push({ line, instruction: name, mount, reason });
      }
    };
    for (const flag of run ? (run as Run).getFlags() : []) {
      if (flag.getName().toLowerCase() !== 'mount') continue;
      const value = flag.getValue();
      const line = flag.getRange().start.line + 1;
      if (value === null) report(line, '', ['--mount has no value (write --mount=<options>)']);
      else report(line, value, judge(value));
    }
    // The fallback scan covers every instruction (a heredoc body of COPY is instructions to a builder
    // without heredocs), with both escape characters in case a builder reads the directives otherwise.
    const start = instruction.getRange().start.line;
    const text = instructionText(instruction, lines);
    for (const mount of new Set([...mountsWrittenIn(text, escape), ...mountsWrittenIn(text, escape === '`' ? '\\' : '`')])) {
      report(start + 1, mount, judge(mount));
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * The lines of an instruction, heredoc bodies included: a builder without heredoc support (buildah
 * before 1.33) reads a body's lines as instructions of their own.
 */
function instructionText(instruction: Instruction, lines: string[]): string[] {
  const range = instruction.getRange();
  let end = range.end.line;
  // Past the parser's end while a line ends with either escape character, for the builder that
  // would read it as a continuation.
  // Bounded, so that a file of lines all ending in `\`` costs linear time, not quadratic.
  const limit = Math.min(lines.length - 1, end + MAX_EXTRA_LINES);
  while (end < limit && /[\\`]$/.test((lines[end] ?? '').trimEnd())) end++;
  const text = lines.slice(range.start.line, end + 1);
  if (text.length > 0) text[0] = (text[0] ?? '').slice(range.start.character);
  return text;
}

/**
 * The value of every `--mount` written on an instruction's lines, continuations joined and the
 * comment and blank lines inside them dropped, as the builders do. Quotes are honoured, so a
 * value with quoted spaces stays whole.
 */
function mountsWrittenIn(text: string[], escape: string): string[] {
  let joined = '';
  for (const [i, line] of text.entries()) {
    if (i > 0 && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    const trimmed = line.trimEnd();
    joined += trimmed.endsWith(escape) ? trimmed.slice(0, -escape.length) : `${line}\n`;
  }
  const values: string[] = [];
  const flag = /(?:^|\s)--mount(?:=|\s+)/gi;
  for (let match = flag.exec(joined); match; match = flag.exec(joined)) {
    let value = '';
    let quote: string | undefined;
    for (let i = match.index + match[0].length; i < joined.length; i++) {
      const c = joined[i] as string;
      if (quote === undefined && /\s/.test(c)) break;
      if (c === quote) quote = undefined;
      else if (quote === undefined && (c === '"' || c === "'")) quote = c;
      value += c;
    }
    values.push(value);
  }
  return values;
}
