import { ENGINE_EVENT_TYPES, type EngineEvent, type EngineEventType } from '@mikrocloud/core';

/** One message of `GET /events` (Docker Engine API; Podman's compat API sends the same fields). */
export interface EngineEventMessage {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> | null };
  /** Seconds (both engines). */
  time?: number;
  /** Nanoseconds; JSON numbers this large lose precision, so the raw text is read instead when it can be. */
  timeNano?: number | string;
}

// Podman's words where Docker has others, per type.
const ACTION_ALIASES: Partial<Record<EngineEventType, Record<string, string>>> = {
  container: { remove: 'destroy', died: 'die' },
  volume: { remove: 'destroy' },
  network: { remove: 'destroy' },
};

// Attributes Podman puts on every event, empty or meaningless outside the event they belong to.
const PODMAN_NOISE = new Set(['podId', 'containerExitCode']);

/** The exact `timeNano` of one line of the stream (JSON.parse would round it to a double). */
export function rawTimeNano(line: string): string | undefined {
  return /"timeNano"\s*:\s*"?([0-9]{1,20})/.exec(line)?.[1];
}

/**
 * The event in mikrocloud's shape, or undefined for a kind mikrocloud does not report (daemon,
 * plugin, pod, ...). Normalises what differs between engines: Podman's action words (`remove`
 * → `destroy`), a volume's id (Podman sends its name only as an attribute), image ids without
 * `sha256:`, Podman's empty attributes, and `exec_start: <command>` / `health_status: healthy`
 * actions (the command is dropped: it may hold secrets; the health status becomes an attribute).
 */
export function toEngineEvent(message: EngineEventMessage, timeNanoText?: string): EngineEvent | undefined {
  const type = message.Type as EngineEventType;
  if (!(ENGINE_EVENT_TYPES as readonly string[]).includes(type)) return undefined;
  const raw = message.Action ?? '';
  const colon = raw.indexOf(':');
  const word = (colon === -1 ? raw : raw.slice(0, colon)).trim();
  const detail = colon === -1 ? '' : raw.slice(colon + 1).trim();
  const action = ACTION_ALIASES[type]?.[word] ?? word;
  if (!action) return undefined;

  const attributes: Record<string, string> = {};
  const given = message.Actor?.Attributes ?? {};
  for (const [key, value] of Object.entries(given)) {
    if (typeof value !== 'string' || value === '' || PODMAN_NOISE.has(key)) continue;
    attributes[key] = value;
  }
  if (action === 'die' && attributes.exitCode === undefined && typeof given.containerExitCode === 'string') {
    attributes.exitCode = given.containerExitCode;
  }
  if (word === 'health_status' && detail) attributes.health_status = detail;

  let id = message.Actor?.ID ?? '';
  if (!id && (type === 'volume' || type === 'network')) id = attributes.name ?? '';
  if (type === 'image' && /^[0-9a-f]{64}$/.test(id)) id = `sha256:${id}`;

  const nanos = timeNanoText ?? nanoText(message);
  const ms = Number(BigInt(nanos) / 1_000_000n);
  const name = attributes.name;
  return {
    type,
    action,
    id,
    ...(name ? { name } : {}),
    time: new Date(ms).toISOString(),
    time_nano: nanos,
    attributes,
  };
}

function nanoText(message: EngineEventMessage): string {
  const nano = message.timeNano;
  if (typeof nano === 'string' && /^[0-9]{1,20}$/.test(nano)) return nano;
  if (typeof nano === 'number' && Number.isFinite(nano) && nano > 0) return BigInt(Math.round(nano)).toString();
  const seconds = typeof message.time === 'number' && Number.isFinite(message.time) ? Math.floor(message.time) : 0;
  return (BigInt(seconds) * 1_000_000_000n).toString();
}
