import { Fragment } from 'preact';
import type { HealthResponse, RuntimeInfoResponse } from '../api.js';
import { Badge, ErrorNote } from '../components.js';

const GIB = 1024 ** 3;

/** The engine the server drives: reachability and what it reports about itself. */
export function StatusPage({ health, info, error }: { health: HealthResponse | undefined; info: RuntimeInfoResponse | undefined; error: unknown }) {
  const rows: [string, string][] = info
    ? [
        ['Runtime', `${info.runtime}${info.rootless ? ' (rootless)' : ''}`],
        ['Engine version', `${info.version} (API ${info.api_version})`],
        ['Socket', info.socket_path],
        ['System', `${info.os} ${info.arch}, kernel ${info.kernel_version}`],
        ['CPUs', String(info.cpus)],
        ['Memory', `${(info.memory_bytes / GIB).toFixed(1)} GiB`],
        ['cgroup', info.cgroup_version],
        ['Storage driver', info.storage_driver],
        ['Build directory', info.build_dir],
      ]
    : [];
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">Runtime and engine</h2>
      <p>
        Engine:{' '}
        {health ? <Badge value={health.engine.reachable ? 'reachable' : 'unreachable'} kind={health.engine.reachable ? 'running' : 'failed'} /> : <span class="muted">checking…</span>}
        {health?.engine.runtime ? <span class="muted"> {health.engine.runtime}</span> : null}
      </p>
      <ErrorNote error={error} />
      {info ? (
        <dl class="facts" data-runtime={info.runtime}>
          {rows.map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      {info && info.warnings.length > 0 ? (
        <div class="warnings">
          <h3>Warnings</h3>
          <ul>
            {info.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
