// The dashboard talks to the server that served it through the typed client, like any other program.
import { createClient, type MikrocloudClient } from '@mikrocloud/client';

export type {
  BuildRecord,
  BuildRequest,
  BuildStatus,
  ContainerConfig,
  ContainerInfo,
  HealthResponse,
  LogLine,
  PlanResponse,
  RuntimeInfoResponse,
} from '@mikrocloud/client';

/** The client the pages use. */
export type DashboardClient = MikrocloudClient;

/** A client for the server that served the page, sending `token` (if any) as a bearer header. */
export function connect(token: string | undefined): DashboardClient {
  // The page may be served under a path prefix (behind a proxy): the API sits beside it.
  const baseUrl = new URL('.', window.location.href).href.replace(/\/$/, '');
  return createClient({ baseUrl, ...(token ? { token } : {}) });
}

/** The parts of an API error the page shows. */
export interface ShownError {
  message: string;
  code?: string;
  status?: number;
  details?: unknown;
}

/** Reads what a failed call threw (the client's `MikrocloudError` classes) into something the page can show. */
export function describeError(error: unknown): ShownError {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown; status?: unknown; details?: unknown };
    return {
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
      ...(e.details === undefined ? {} : { details: e.details }),
    };
  }
  return { message: String(error) };
}
