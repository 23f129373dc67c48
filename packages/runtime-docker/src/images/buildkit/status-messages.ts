import protobuf from 'protobufjs';

// The messages of BuildKit's `api/services/control/control.proto` that a build's progress uses
// (`moby.buildkit.trace` events carry one `StatusResponse` each), as a protobufjs JSON
// descriptor: field numbers and types as published there, only the fields progress.ts reads
// (the decoder skips the others: `statuses`, a vertex's `inputs`, a log's timestamp and stream,
// a warning's level, detail and url). Digests are strings on the wire; timestamps are
// google.protobuf.Timestamp.
const descriptor = {
  nested: {
    Timestamp: {
      fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } },
    },
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
        warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexLog: {
      fields: {
        vertex: { type: 'string', id: 1 },
        msg: { type: 'bytes', id: 4 },
      },
    },
    VertexWarning: {
      fields: {
        short: { type: 'bytes', id: 3 },
      },
    },
  },
};

interface Timestamp {
  seconds: number;
  nanos: number;
}

/** One node of the build graph (a Dockerfile step, a context transfer, the export). */
export interface BuildVertex {
  digest: string;
  name: string;
  cached: boolean;
  /** Milliseconds since the epoch, when reported. */
  started?: number;
  completed?: number;
  error?: string;
}

/** Output a vertex printed (stdout and stderr alike). */
export interface BuildVertexLog {
  vertex: string;
  msg: Uint8Array;
}

/** A warning BuildKit gave (its one-line text). */
export interface BuildVertexWarning {
  short: string;
}

/** One decoded `StatusResponse`. */
export interface BuildStatus {
  vertexes: BuildVertex[];
  logs: BuildVertexLog[];
  warnings: BuildVertexWarning[];
}

/** The `StatusResponse` message type (exported for tests that encode updates). */
export const StatusResponse = protobuf.Root.fromJSON(descriptor).lookupType('StatusResponse');

const millis = (t: Timestamp | null | undefined): number | undefined => (t ? Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6) : undefined);

/** Decodes the base64 `aux` of a `moby.buildkit.trace` event. Throws on bytes that are no `StatusResponse`. */
export function decodeBuildStatus(aux: string): BuildStatus {
  const raw = StatusResponse.toObject(StatusResponse.decode(Buffer.from(aux, 'base64')), { longs: Number, defaults: true, arrays: true }) as {
    vertexes: (Omit<BuildVertex, 'started' | 'completed'> & { started?: Timestamp; completed?: Timestamp })[];
    logs: BuildVertexLog[];
    warnings: { short: Uint8Array }[];
  };
  return {
    vertexes: raw.vertexes.map((v) => {
      const started = millis(v.started);
      const completed = millis(v.completed);
      return {
        digest: v.digest,
        name: v.name,
        cached: v.cached,
        ...(started === undefined ? {} : { started }),
        ...(completed === undefined ? {} : { completed }),
        ...(v.error ? { error: v.error } : {}),
      };
    }),
    logs: raw.logs.map((l) => ({ vertex: l.vertex, msg: l.msg })),
    warnings: raw.warnings.map((w) => ({ short: Buffer.from(w.short).toString('utf8') })),
  };
}
