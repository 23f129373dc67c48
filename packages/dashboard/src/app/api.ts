// What the dashboard uses of a mikrocloud server: the names and shapes of @mikrocloud/client.
import { createLocalClient } from './local-client.js';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'unknown';

export interface PortBinding {
  host_ip: string;
  host_port: number;
  container_port: number;
  protocol: string;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  status: string;
  ports: PortBinding[];
  labels: Record<string, string>;
  created_at: string;
}

export interface ContainerConfig {
  image: string;
  name?: string;
  ports?: Record<string, string>;
  environment?: Record<string, string>;
  restart_policy?: string;
  command?: string[];
  labels?: Record<string, string>;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  timestamp?: string;
}

export interface HealthResponse {
  status: string;
  engine: { reachable: boolean; runtime: string };
}

export interface RuntimeInfoResponse {
  runtime: string;
  socket_path: string;
  rootless: boolean;
  build_dir: string;
  version: string;
  api_version: string;
  os: string;
  arch: string;
  kernel_version: string;
  cpus: number;
  memory_bytes: number;
  cgroup_version: string;
  storage_driver: string;
  warnings: string[];
}

export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

export interface BuildRecord {
  id: string;
  status: BuildStatus;
  buildpack_type: string;
  git_repo: string;
  git_branch: string | null;
  image_tag: string;
  commit: string | null;
  image_id: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface BuildRequest {
  git_repo: string;
  buildpack_type: string;
  image_tag: string;
  git_branch?: string;
  no_cache?: boolean;
}

export interface PlanResponse {
  commit: string;
  buildpack_type: string;
  plan: Record<string, unknown>;
}

/** The calls the dashboard makes. */
export interface DashboardClient {
  health(): Promise<HealthResponse>;
  runtimeInfo(): Promise<RuntimeInfoResponse>;
  containers: {
    list(): Promise<ContainerInfo[]>;
    create(config: ContainerConfig): Promise<{ id: string }>;
    start(id: string): Promise<unknown>;
    stop(id: string): Promise<unknown>;
    restart(id: string): Promise<unknown>;
    remove(id: string): Promise<unknown>;
    logs(id: string, options: { follow?: boolean; tail?: number; signal?: AbortSignal }): AsyncIterable<LogLine>;
  };
  builds: {
    create(request: BuildRequest): Promise<BuildRecord>;
    plan(request: BuildRequest): Promise<PlanResponse>;
    list(query?: { limit?: number }): Promise<BuildRecord[]>;
    get(id: string): Promise<BuildRecord>;
    logs(id: string, options: { follow?: boolean; signal?: AbortSignal }): AsyncIterable<{ line: string }>;
    cancel(id: string): Promise<unknown>;
  };
}

/** A client for the server that served the page, sending `token` (if any) as a bearer header. */
export function connect(token: string | undefined): DashboardClient {
  // The page may be served under a path prefix (behind a proxy): the API sits beside it.
  const baseUrl = new URL('.', window.location.href).href.replace(/\/$/, '');
  return createLocalClient({ baseUrl, ...(token ? { token } : {}) });
}

/** The parts of an API error the page shows. */
export interface ShownError {
  message: string;
  code?: string;
  status?: number;
  details?: unknown;
}

/** Reads what a failed call threw into something the page can show. */
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
