import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { connect, describeError, type HealthResponse, type RuntimeInfoResponse } from './api.js';
import { Badge, ErrorNote } from './components.js';
import { BuildsPage } from './pages/builds.js';
import { ContainersPage } from './pages/containers.js';
import { CreateContainerPage } from './pages/create-container.js';
import { StatusPage } from './pages/status.js';
import { readToken, saveToken } from './session.js';

const PAGES = [
  { id: 'status', title: 'Status' },
  { id: 'containers', title: 'Containers' },
  { id: 'create', title: 'New container' },
  { id: 'builds', title: 'Builds' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

// The page is named in the fragment only (never sent to the server, never holding a secret).
const pageOf = (hash: string): PageId => PAGES.find((p) => `#${p.id}` === hash)?.id ?? 'status';

/** Asks for the API token; it is kept in this tab's sessionStorage and sent as a bearer header. */
function TokenForm({ error, onToken }: { error: unknown; onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <section class="panel narrow" aria-labelledby="token-title">
      <h2 id="token-title">Sign in</h2>
      <p>This server needs an API token. It stays in this browser tab (session storage) and is sent only to this server, as an Authorization header.</p>
      <form
        method="post"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <div class="field">
          <label for="token">API token</label>
          <input id="token" name="token" type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
        <ErrorNote error={error} />
        <div class="buttons">
          <button type="submit" class="primary">
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}

export function App() {
  const [token, setToken] = useState(readToken());
  const client = useMemo(() => connect(token), [token]);
  const [page, setPage] = useState<PageId>(pageOf(window.location.hash));
  const [signIn, setSignIn] = useState<{ needed: boolean; error?: unknown }>({ needed: false });
  const [health, setHealth] = useState<HealthResponse | undefined>();
  const [info, setInfo] = useState<RuntimeInfoResponse | undefined>();
  const [infoError, setInfoError] = useState<unknown>();
  const [notice, setNotice] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

  useEffect(() => {
    const onHash = () => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const loadInfo = useCallback(async () => {
    try {
      setInfo(await client.runtimeInfo());
      setInfoError(undefined);
      setSignIn({ needed: false });
    } catch (e) {
      if (describeError(e).status === 401) setSignIn({ needed: true, ...(token ? { error: e } : {}) });
      else setInfoError(e);
    }
  }, [client, token]);

  useEffect(() => {
    void loadInfo();
    // /health answers 503 while the engine is unreachable.
    const poll = () => client.health().then(setHealth, (e: unknown) => setHealth(describeError(e).status === 503 ? { status: 'unavailable', engine: { reachable: false, runtime: '' } } : undefined));
    void poll();
    const timer = window.setInterval(() => void poll(), 5000);
    return () => window.clearInterval(timer);
  }, [client, loadInfo]);

  const changeToken = (next: string | undefined) => {
    saveToken(next);
    setToken(next);
  };
  const go = (id: PageId) => {
    window.location.hash = id;
    setPage(id);
  };

  return (
    <>
      <header class="top">
        <h1>mikrocloud</h1>
        <span class="engine" data-engine={health?.engine.reachable ? 'reachable' : 'unreachable'}>
          {health ? <Badge value={health.engine.reachable ? `${health.engine.runtime} up` : 'engine down'} kind={health.engine.reachable ? 'running' : 'failed'} /> : null}
        </span>
        {token ? (
          <button type="button" class="link" onClick={() => changeToken(undefined)}>
            Forget token
          </button>
        ) : null}
      </header>
      {signIn.needed ? (
        <main>
          <TokenForm error={signIn.error} onToken={changeToken} />
        </main>
      ) : (
        <>
          <nav class="tabs" aria-label="Pages">
            {PAGES.map((p) => (
              <a key={p.id} href={`#${p.id}`} aria-current={p.id === page ? 'page' : undefined} onClick={(e) => (e.preventDefault(), go(p.id))}>
                {p.title}
              </a>
            ))}
          </nav>
          <main>
            {page === 'status' ? <StatusPage health={health} info={info} error={infoError} /> : null}
            {page === 'containers' ? <ContainersPage client={client} notice={notice} selected={selected} onSelect={setSelected} /> : null}
            {page === 'create' ? (
              <CreateContainerPage
                client={client}
                onCreated={(id, name) => {
                  setNotice(`Created ${name}.`);
                  setSelected(id);
                  go('containers');
                }}
              />
            ) : null}
            {page === 'builds' ? <BuildsPage client={client} /> : null}
          </main>
        </>
      )}
    </>
  );
}
