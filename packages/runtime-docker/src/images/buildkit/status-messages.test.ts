import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeBuildStatus } from './status-messages.js';

// StatusResponse with the fields BuildKit sends that the decoder leaves out.
const full = protobuf.Root.fromJSON({
  nested: {
    Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
        warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        inputs: { rule: 'repeated', type: 'string', id: 2 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { type: 'Timestamp', id: 5 },
        completed: { type: 'Timestamp', id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexStatus: { fields: { ID: { type: 'string', id: 1 }, vertex: { type: 'string', id: 2 }, current: { type: 'int64', id: 4 }, total: { type: 'int64', id: 5 } } },
    VertexLog: { fields: { vertex: { type: 'string', id: 1 }, timestamp: { type: 'Timestamp', id: 2 }, stream: { type: 'int64', id: 3 }, msg: { type: 'bytes', id: 4 } } },
    VertexWarning: {
      fields: {
        vertex: { type: 'string', id: 1 },
        level: { type: 'int64', id: 2 },
        short: { type: 'bytes', id: 3 },
        detail: { rule: 'repeated', type: 'bytes', id: 4 },
        url: { type: 'string', id: 5 },
      },
    },
  },
}).lookupType('StatusResponse');

describe('decodeBuildStatus', () => {
  it('skips the fields BuildKit sends that progress does not read', () => {
    const message = full.fromObject({
      vertexes: [{ digest: 'sha256:a', inputs: ['sha256:b'], name: '[1/1] RUN x', started: { seconds: 1, nanos: 5e8 }, error: 'boom' }],
      statuses: [{ ID: 'layer', vertex: 'sha256:a', current: 5, total: 10 }],
      logs: [{ vertex: 'sha256:a', timestamp: { seconds: 2 }, stream: 2, msg: Buffer.from('out') }],
      warnings: [{ vertex: 'sha256:a', level: 1, short: Buffer.from('careful'), detail: [Buffer.from('more')], url: 'https://docs.example' }],
    });
    const aux = Buffer.from(full.encode(message).finish()).toString('base64');
    expect(decodeBuildStatus(aux)).toEqual({
      vertexes: [{ digest: 'sha256:a', name: '[1/1] RUN x', cached: false, started: 1500, error: 'boom' }],
      logs: [{ vertex: 'sha256:a', msg: expect.any(Uint8Array) }],
      warnings: [{ short: 'careful' }],
    });
  });
});
