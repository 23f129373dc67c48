import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './api.js';

/** A state or status as a coloured word. */
export function Badge({ value, kind }: { value: string; kind?: string }) {
  return <span class={`badge badge-${kind ?? value}`}>{value.replace('_', ' ')}</span>;
}

/** An error line, or nothing. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const shown = describeError(error);
  return (
    <p class="error" role="alert">
      {shown.message}
      {shown.code ? <span class="muted"> ({shown.code})</span> : null}
    </p>
  );
}

/** The `aria-describedby` of an input whose field shows problems, so screen readers read them with it. */
export const describedBy = (id: string, problems: readonly string[] | undefined) => (problems && problems.length > 0 ? `${id}-problems` : undefined);

/** A labelled input with the problems the API reported for it beneath. */
export function Field(props: { id: string; label: string; hint?: string; problems?: readonly string[] | undefined; children: ComponentChildren }) {
  const problems = props.problems ?? [];
  return (
    <div class={`field${problems.length > 0 ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? <small class="hint">{props.hint}</small> : null}
      {problems.length > 0 ? (
        <ul class="field-problems" id={`${props.id}-problems`} data-field-problems={props.id}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Under a form: the problems no field of it shows, then the error of the last call. */
export function FormProblems({ problems, error }: { problems: readonly string[] | undefined; error: unknown }) {
  return (
    <>
      {problems ? (
        <ul class="field-problems" data-field-problems="form">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <ErrorNote error={error} />
    </>
  );
}

/** Most lines a log view keeps; older ones scroll away. */
const MAX_LINES = 5000;

/** One line of a live log. */
export interface ShownLine {
  text: string;
  stream?: 'stdout' | 'stderr';
}

/**
 * Shows a live log: `open` starts the stream (it must stop when the signal aborts, which happens
 * when the view goes away or `source` changes). Follows the end unless the reader scrolled up.
 */
export function LogView(props: { source: string; open: (signal: AbortSignal) => AsyncIterable<ShownLine>; onLines?: (lines: string[]) => void; onEnd?: () => void; label: string }) {
  const [lines, setLines] = useState<ShownLine[]>([]);
  const [state, setState] = useState<'open' | 'ended' | 'failed'>('open');
  const [error, setError] = useState<unknown>();
  const box = useRef<HTMLPreElement>(null);
  const { onLines, onEnd } = props;

  useEffect(() => {
    const controller = new AbortController();
    let seen: ShownLine[] = [];
    setLines([]);
    setState('open');
    setError(undefined);
    let pending: number | undefined;
    const flush = () => {
      pending = undefined;
      setLines(seen);
      onLines?.(seen.map((l) => l.text));
    };
    (async () => {
      try {
        for await (const line of props.open(controller.signal)) {
          seen = [...seen, line].slice(-MAX_LINES);
          // Many lines in one burst render once.
          pending ??= window.setTimeout(flush, 50);
        }
        if (!controller.signal.aborted) setState('ended');
      } catch (e) {
        if (!controller.signal.aborted) {
          setError(e);
          setState('failed');
        }
      } finally {
        if (!controller.signal.aborted) {
          if (pending !== undefined) window.clearTimeout(pending);
          flush();
          onEnd?.();
        }
      }
    })();
    return () => {
      controller.abort();
      if (pending !== undefined) window.clearTimeout(pending);
    };
    // The stream restarts only when its source changes, not when the parent renders anew.
  }, [props.source]);

  useEffect(() => {
    const el = box.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div class="log">
      <div class="log-head">
        <span>{props.label}</span>
        <span class="muted" data-log-state={state}>
          {state === 'open' ? 'live' : state === 'ended' ? 'ended' : 'stream failed'} · {lines.length} lines
        </span>
      </div>
      <pre ref={box} class="log-lines" aria-live="polite" aria-label={props.label}>
        {lines.map((l, i) => (
          <div key={i} class={l.stream === 'stderr' ? 'stderr' : undefined}>
            {l.text}
          </div>
        ))}
      </pre>
      <ErrorNote error={error} />
    </div>
  );
}
