import type { CallOptions } from '../container-manager.js';
import { ValidationError } from '../errors.js';
import { ENGINE_EVENT_TYPES, type EngineEvent, type EngineEventType } from '../schemas/events.js';

/** Options of {@link EventOperations.events}. */
export interface EventsOptions extends CallOptions {
  /** Also replay events from this time on (a Date or UNIX seconds, fractions allowed). Default: only new events. */
  since?: Date | number;
  /** End the stream at this time (a Date or UNIX seconds); a past time replays and ends. Default: never. */
  until?: Date | number;
  /**
   * The `time_nano` of the last event already seen: the stream resumes strictly after it, so
   * nothing is repeated and nothing sharing its second is lost. Implies `since` of that instant.
   */
  after?: string;
  /** Only events of these kinds. Default: all four. */
  types?: EngineEventType[];
  /** Only these actions (`start`, `die`, `destroy`, ...). Default: all. */
  actions?: string[];
}

/** The lifecycle events of the objects a manager sees. */
export interface EventOperations {
  /**
   * The engine's events about containers, images, volumes and networks of this manager's scope
   * (managed, of its instance), as they happen. Leaving the loop or aborting the signal closes
   * the engine stream; an abort ends the iteration quietly.
   *
   * @example
   * for await (const event of manager.events({ types: ['container'], actions: ['die'] })) {
   *   console.log(event.name, event.attributes.exitCode);
   * }
   */
  events(options?: EventsOptions): AsyncIterable<EngineEvent>;
}

/** {@link EventsOptions} checked and in the units engines and filters need. */
export interface CheckedEventsOptions {
  /** Whole UNIX seconds to ask the engine from (rounded down, so nothing of that second is missed). */
  sinceSeconds?: number;
  /** Events at or before this nanosecond instant are dropped. */
  afterNanos?: bigint;
  /** Whole UNIX seconds to ask the engine until (rounded up). */
  untilSeconds?: number;
  /** Events after this nanosecond instant are dropped. */
  untilNanos?: bigint;
  types?: ReadonlySet<EngineEventType>;
  actions?: ReadonlySet<string>;
}

const ACTION = /^[a-z][a-z_]{0,63}$/;
const NANOS = /^[0-9]{1,20}$/;

function nanosOf(value: Date | number, field: string): bigint {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0) throw ValidationError.field(field, 'must be a valid Date or UNIX seconds, 0 or more');
  return BigInt(Math.floor(ms)) * 1_000_000n;
}

/**
 * Checks {@link EventsOptions}: a ValidationError naming the field (`since`, `until`, `after`,
 * `types.N`, `actions.N`) when one is not valid.
 */
export function checkEventsOptions(options: EventsOptions): CheckedEventsOptions {
  const out: CheckedEventsOptions = {};
  let since = options.since === undefined ? undefined : nanosOf(options.since, 'since');
  if (options.after !== undefined) {
    if (typeof options.after !== 'string' || !NANOS.test(options.after)) {
      throw ValidationError.field('after', 'must be the time_nano of an event (decimal digits)');
    }
    out.afterNanos = BigInt(options.after);
    if (since === undefined || since > out.afterNanos) since = out.afterNanos;
  }
  if (since !== undefined) out.sinceSeconds = Number(since / 1_000_000_000n);
  if (options.until !== undefined) {
    out.untilNanos = nanosOf(options.until, 'until');
    out.untilSeconds = Number((out.untilNanos + 999_999_999n) / 1_000_000_000n);
  }
  if (options.types !== undefined) {
    if (!Array.isArray(options.types)) throw ValidationError.field('types', `must be a list of ${ENGINE_EVENT_TYPES.join(', ')}`);
    options.types.forEach((t, i) => {
      if (!(ENGINE_EVENT_TYPES as readonly string[]).includes(t)) throw ValidationError.field(`types.${i}`, `must be one of ${ENGINE_EVENT_TYPES.join(', ')}`);
    });
    if (options.types.length > 0) out.types = new Set(options.types);
  }
  if (options.actions !== undefined) {
    if (!Array.isArray(options.actions)) throw ValidationError.field('actions', 'must be a list of action words');
    options.actions.forEach((a, i) => {
      if (typeof a !== 'string' || !ACTION.test(a)) throw ValidationError.field(`actions.${i}`, 'must be an action word: lower-case letters and "_"');
    });
    if (options.actions.length > 0) out.actions = new Set(options.actions);
  }
  return out;
}

/** Whether an event passes the time, type and action filters of checked options. */
export function eventPasses(event: EngineEvent, checked: CheckedEventsOptions): boolean {
  if (checked.types && !checked.types.has(event.type)) return false;
  if (checked.actions && !checked.actions.has(event.action)) return false;
  const nanos = BigInt(event.time_nano);
  if (checked.afterNanos !== undefined && nanos <= checked.afterNanos) return false;
  if (checked.untilNanos !== undefined && nanos > checked.untilNanos) return false;
  return true;
}
