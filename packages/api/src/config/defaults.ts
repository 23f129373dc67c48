import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { DEFAULT_ALLOWED_PROTOCOLS, type MikrocloudConfig } from './schema.js';

const MIB = 1024 * 1024;

/** Where build records live when `server.data_dir` is not set: the system place for root, XDG for a user. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? -1): string {
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'mikrocloud');
  if (uid === 0) return '/var/lib/mikrocloud';
  return join(env.HOME || homedir(), '.local', 'share', 'mikrocloud');
}

/** The configuration when nothing is set. It binds loopback only and finds the local engine. */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): MikrocloudConfig {
  return {
    docker: {
      runtime: 'docker',
      rootless: false,
      allow_plain_tcp: false,
      default_memory_mb: 2048,
      default_cpus: 2,
      default_pids_limit: 4096,
      pull_policy: 'missing',
      allowed_registries: [],
      allowed_bind_roots: [],
    },
    engines: [],
    server: {
      host: '127.0.0.1',
      port: 3000,
      body_limit_bytes: MIB,
      data_dir: defaultDataDir(env),
      allowed_hosts: [],
      allowed_origins: [],
      scope: 'instance',
      expose_unmanaged: false,
      max_streams: 64,
      headers_timeout_seconds: 30,
      request_timeout_seconds: 60,
      tokens: [],
      audit_retention_days: 90,
      dashboard: true,
    },
    build: {
      concurrency: 2,
      timeout_seconds: 1800,
      allowed_git_protocols: [...DEFAULT_ALLOWED_PROTOCOLS],
      clone_timeout_seconds: 300,
      max_repo_bytes: 1024 * MIB,
      github_api_url: 'https://api.github.com',
      github_commit_status: false,
      buildpacks: [],
      base_images: {},
      network: 'bridge',
      builder: 'auto',
      allow_unconfined_mounts: false,
      allow_foreign_tags: false,
      memory_mb: 4096,
      cpus: 2,
      max_queue: 64,
      max_log_bytes: 16 * MIB,
      retention_count: 1000,
      retention_days: 30,
      allowed_git_hosts: [],
      nixpacks_cli: false,
      nixpacks_user: 'nobody',
    },
  };
}

/**
 * Where builds put their workspaces: `build.build_dir`, else `docker.build_dir` (its former
 * place), else `<server.data_dir>/builds`.
 */
export function resolveBuildDir(config: MikrocloudConfig): string {
  return config.build.build_dir ?? config.docker.build_dir ?? join(config.server.data_dir, 'builds');
}
