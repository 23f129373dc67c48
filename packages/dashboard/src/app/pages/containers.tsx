import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ContainerInfo, DashboardClient } from '../api.js';
import { Badge, ErrorNote, LogView } from '../components.js';

type Action = 'start' | 'stop' | 'restart' | 'remove';

const ports = (c: ContainerInfo) => c.ports.map((p) => `${p.host_ip === '0.0.0.0' ? '' : `${p.host_ip}:`}${p.host_port}→${p.container_port}/${p.protocol}`).join(', ');

/** The containers the server manages, with their state, actions and a live log of one. */
export function ContainersPage({ client, notice, selected, onSelect }: { client: DashboardClient; notice?: string | undefined; selected: string | undefined; onSelect: (id: string | undefined) => void }) {
  const [containers, setContainers] = useState<ContainerInfo[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();
  // A followed log ends when its container stops (a restart too); it is opened again once it runs.
  const [logRound, setLogRound] = useState(0);
  const latest = useRef<ContainerInfo[] | undefined>(undefined);
  latest.current = containers;

  const refresh = useCallback(async () => {
    try {
      setContainers(await client.containers.list());
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), 3000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const act = async (container: ContainerInfo, action: Action) => {
    setBusy(`${container.id}:${action}`);
    setConfirming(undefined);
    setActionError(undefined);
    try {
      // The server stops a running container before it removes it.
      if (action === 'remove') {
        await client.containers.remove(container.id);
        if (selected === container.id) onSelect(undefined);
      } else await client.containers[action](container.id);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(undefined);
      await refresh();
    }
  };

  const shown = containers?.find((c) => c.id === selected);
  const reopenWhenRunning = (id: string) => {
    window.setTimeout(() => {
      if (latest.current?.find((c) => c.id === id)?.state === 'running') setLogRound((n) => n + 1);
    }, 2000);
  };
  return (
    <section aria-labelledby="containers-title">
      <h2 id="containers-title">Containers</h2>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      <ErrorNote error={error} />
      <ErrorNote error={actionError} />
      {containers === undefined ? (
        <p class="muted">loading…</p>
      ) : containers.length === 0 ? (
        <p class="muted">No containers yet.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Image</th>
              <th>State</th>
              <th>Ports</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {containers.map((c) => {
              const running = c.state === 'running' || c.state === 'restarting';
              const doing = (a: Action) => busy === `${c.id}:${a}`;
              return (
                <tr key={c.id} data-container={c.name} class={c.id === selected ? 'selected' : undefined}>
                  <td>
                    <strong>{c.name}</strong>
                    <div class="muted mono">{c.id.slice(0, 12)}</div>
                  </td>
                  <td class="mono">{c.image}</td>
                  <td>
                    <Badge value={c.state} />
                    <div class="muted">{c.status}</div>
                  </td>
                  <td class="mono">{ports(c)}</td>
                  <td class="actions">
                    <button type="button" disabled={running || busy !== undefined} onClick={() => void act(c, 'start')}>
                      {doing('start') ? 'Starting…' : 'Start'}
                    </button>
                    <button type="button" disabled={!running || busy !== undefined} onClick={() => void act(c, 'stop')}>
                      {doing('stop') ? 'Stopping…' : 'Stop'}
                    </button>
                    <button type="button" disabled={busy !== undefined} onClick={() => void act(c, 'restart')}>
                      {doing('restart') ? 'Restarting…' : 'Restart'}
                    </button>
                    <button type="button" onClick={() => onSelect(c.id === selected ? undefined : c.id)} aria-pressed={c.id === selected}>
                      Logs
                    </button>
                    {confirming === c.id ? (
                      <button type="button" class="danger" disabled={busy !== undefined} onClick={() => void act(c, 'remove')}>
                        {doing('remove') ? 'Removing…' : 'Confirm remove'}
                      </button>
                    ) : (
                      <button type="button" class="danger-outline" disabled={busy !== undefined} onClick={() => setConfirming(c.id)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {shown ? (
        <LogView
          source={`${shown.id}:${shown.state === 'running' ? 'running' : 'stopped'}:${logRound}`}
          label={`Logs of ${shown.name}`}
          onEnd={() => reopenWhenRunning(shown.id)}
          open={async function* (signal) {
            for await (const l of client.containers.logs(shown.id, { follow: true, tail: 500, signal })) yield { text: l.line, stream: l.stream };
          }}
        />
      ) : null}
    </section>
  );
}
