// A minimal fetch client with @mikrocloud/client's method names, for the calls the dashboard makes.
import type { BuildRecord, BuildRequest, ContainerConfig, ContainerInfo, DashboardClient, HealthResponse, LogLine, PlanResponse, RuntimeInfoResponse } from './api.js';
import { parseEventStream, textChunks } from './sse.js';

/** A non-2xx answer of the API. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function createLocalClient(options: { baseUrl: string; token?: string }): DashboardClient {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...extra,
  });
  const send = async (method: string, path: string, body?: unknown, signal?: AbortSignal, accept = 'application/json'): Promise<Response> => {
    const res = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers: headers({ accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) {
      const payload = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
      const error = payload?.error;
      throw new ApiError(error?.message ?? `${method} ${path} answered ${res.status}`, error?.code ?? 'internal_error', res.status, error?.details);
    }
    return res;
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await send(method, path, body);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  async function* events<T>(path: string, signal?: AbortSignal): AsyncGenerator<T> {
    const res = await send('GET', path, undefined, signal, 'text/event-stream');
    if (!res.body) return;
    for await (const event of parseEventStream(textChunks(res.body))) {
      if (event.event === 'end') return;
      if (event.event === 'error') {
        const error = JSON.parse(event.data) as { code?: string; message?: string };
        throw new ApiError(error.message ?? 'the stream failed', error.code ?? 'internal_error', 500);
      }
      yield JSON.parse(event.data) as T;
    }
  }
  const id = (value: string) => encodeURIComponent(value);
  return {
    health: () => json<HealthResponse>('GET', '/health').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 503) return { status: 'unavailable', engine: { reachable: false, runtime: '' } };
      throw e;
    }),
    runtimeInfo: () => json<RuntimeInfoResponse>('GET', '/api/v1/runtime/info'),
    containers: {
      list: () => json<ContainerInfo[]>('GET', '/api/v1/containers'),
      create: (config: ContainerConfig) => json<{ id: string }>('POST', '/api/v1/containers', config),
      start: (c) => json('POST', `/api/v1/containers/${id(c)}/start`),
      stop: (c) => json('POST', `/api/v1/containers/${id(c)}/stop`),
      restart: (c) => json('POST', `/api/v1/containers/${id(c)}/restart`),
      remove: (c) => json('DELETE', `/api/v1/containers/${id(c)}`),
      logs: (c, o) =>
        events<LogLine>(`/api/v1/containers/${id(c)}/logs?follow=${o.follow ? 'true' : 'false'}${o.tail === undefined ? '' : `&tail=${o.tail}`}`, o.signal),
    },
    builds: {
      create: (request: BuildRequest) => json<BuildRecord>('POST', '/api/v1/images/build', request),
      plan: (request: BuildRequest) => json<PlanResponse>('POST', '/api/v1/images/plan', request),
      list: (query = {}) => json<BuildRecord[]>('GET', `/api/v1/images/builds${query.limit === undefined ? '' : `?limit=${query.limit}`}`),
      get: (b) => json<BuildRecord>('GET', `/api/v1/images/builds/${id(b)}`),
      logs: (b, o) => events<{ line: string }>(`/api/v1/images/builds/${id(b)}/logs?follow=${o.follow ? 'true' : 'false'}`, o.signal),
      cancel: (b) => json('POST', `/api/v1/images/builds/${id(b)}/cancel`),
    },
  };
}
