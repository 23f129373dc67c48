import { FINAL_BUILD_STATUSES } from '@mikrocloud/client';
import { Fragment } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, type BuildRecord, type BuildRequest, type DashboardClient, type PlanResponse } from '../api.js';
import { buildProgress } from '../build-progress.js';
import { Badge, describedBy, ErrorNote, Field, FormProblems, LogView } from '../components.js';
import { FORM_PROBLEMS, problemsByField, type ProblemsByField } from '../form-problems.js';

const BUILD_FIELDS = ['git_repo', 'git_branch', 'buildpack_type', 'image_tag', 'no_cache'] as const;
const BUILTIN_BUILDPACKS = ['dockerfile', 'nixpacks', 'static', 'docker-compose'];

interface BuildFormValues {
  git_repo: string;
  git_branch: string;
  buildpack_type: string;
  image_tag: string;
  no_cache: boolean;
}

function requestOf(values: BuildFormValues): BuildRequest {
  return {
    git_repo: values.git_repo.trim(),
    buildpack_type: values.buildpack_type.trim(),
    image_tag: values.image_tag.trim(),
    ...(values.git_branch.trim() ? { git_branch: values.git_branch.trim() } : {}),
    ...(values.no_cache ? { no_cache: true } : {}),
  };
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One build: status, progress from its log, the live log and the result. */
function BuildDetail({ client, build, onChange }: { client: DashboardClient; build: BuildRecord; onChange: (b: BuildRecord) => void }) {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const final = FINAL_BUILD_STATUSES.includes(build.status);
  const progress = buildProgress(build.status, lines);
  // What a finished build left: each line only when it has a value.
  const facts = (
    [
      ['Commit', build.commit, 'mono'],
      ['Image', build.image_id, 'mono'],
      ['Duration', build.duration_ms === null ? null : duration(build.duration_ms), ''],
      ['Error', build.error, 'error'],
    ] satisfies [string, string | null, string][]
  ).filter((fact): fact is [string, string, string] => typeof fact[1] === 'string' && fact[1] !== '');

  useEffect(() => {
    if (final) return;
    // The record says queued → running → final; the log says how far within running.
    const timer = window.setInterval(() => {
      client.builds.get(build.id).then(onChange, setError);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [client, build.id, final, onChange]);

  const cancel = async () => {
    try {
      await client.builds.cancel(build.id);
      onChange(await client.builds.get(build.id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div class="panel" data-build={build.id} data-build-status={build.status}>
      <h3>
        Build <span class="mono">{build.id}</span> <Badge value={build.status} />
      </h3>
      <p class="muted">
        {build.buildpack_type} · {build.git_repo}
        {build.git_branch ? ` (${build.git_branch})` : ''} → <span class="mono">{build.image_tag}</span>
      </p>
      <div class="progress">
        <progress max={1} value={progress.fraction} aria-label="build progress" />
        <span data-build-phase>{progress.phase}</span>
      </div>
      {final ? (
        <dl class="facts">
          {facts.map(([name, value, kind]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd class={kind || undefined}>{value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <div class="buttons">
          <button type="button" class="danger-outline" onClick={() => void cancel()}>
            Cancel build
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      <LogView
        source={build.id}
        label={`Build log of ${build.id}`}
        onLines={setLines}
        onEnd={() => void client.builds.get(build.id).then(onChange, setError)}
        open={async function* (signal) {
          for await (const l of client.builds.logs(build.id, { follow: true, signal })) yield { text: l.line };
        }}
      />
    </div>
  );
}

/** Builds from git: start one or preview its plan, follow it live, and the recent ones. */
export function BuildsPage({ client }: { client: DashboardClient }) {
  const [values, setValues] = useState<BuildFormValues>({ git_repo: '', git_branch: '', buildpack_type: 'dockerfile', image_tag: '', no_cache: false });
  const [problems, setProblems] = useState<ProblemsByField>({});
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState<'build' | 'plan' | undefined>();
  const [plan, setPlan] = useState<PlanResponse | undefined>();
  const [builds, setBuilds] = useState<BuildRecord[]>([]);
  const [selected, setSelected] = useState<BuildRecord | undefined>();

  const refresh = useCallback(() => client.builds.list({ limit: 20 }).then(setBuilds, setError), [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const changed = useCallback(
    (b: BuildRecord) => {
      setSelected((current) => (current?.id === b.id ? b : current));
      setBuilds((list) => list.map((x) => (x.id === b.id ? b : x)));
    },
    [],
  );

  const set = (key: keyof BuildFormValues) => (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    setValues({ ...values, [key]: input.type === 'checkbox' ? input.checked : input.value });
  };

  const send = async (what: 'build' | 'plan') => {
    setSending(what);
    setError(undefined);
    setProblems({});
    try {
      if (what === 'plan') {
        setPlan(await client.builds.plan(requestOf(values)));
      } else {
        const record = await client.builds.create(requestOf(values));
        setPlan(undefined);
        setSelected(record);
        setBuilds((list) => [record, ...list.filter((b) => b.id !== record.id)]);
      }
    } catch (e) {
      const byField = problemsByField(describeError(e).details, BUILD_FIELDS);
      setProblems(byField);
      if (Object.keys(byField).length === 0 || byField[FORM_PROBLEMS]) setError(e);
    } finally {
      setSending(undefined);
    }
  };

  const text = (key: 'git_repo' | 'git_branch' | 'buildpack_type' | 'image_tag', label: string, hint: string, placeholder: string) => (
    <Field id={`build-${key}`} label={label} hint={hint} problems={problems[key]}>
      <input id={`build-${key}`} name={key} value={values[key]} onInput={set(key)} placeholder={placeholder} list={key === 'buildpack_type' ? 'buildpacks' : undefined} autocomplete="off" aria-invalid={problems[key] ? 'true' : undefined} aria-describedby={describedBy(`build-${key}`, problems[key])} />
    </Field>
  );

  return (
    <section aria-labelledby="builds-title">
      <h2 id="builds-title">Builds</h2>
      <form class="form" method="post" onSubmit={(e) => { e.preventDefault(); void send('build'); }} noValidate>
        {text('git_repo', 'Git repository', 'https://, ssh or (when allowed) file:// URL', 'https://github.com/you/app.git')}
        {text('git_branch', 'Branch', 'optional; the default branch when empty', 'main')}
        {text('buildpack_type', 'Buildpack', BUILTIN_BUILDPACKS.join(', ') + ', or a custom one', 'dockerfile')}
        <datalist id="buildpacks">
          {BUILTIN_BUILDPACKS.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        {text('image_tag', 'Image tag', 'the tag the image gets', 'apps/web:latest')}
        <div class="field checkbox">
          <label>
            <input type="checkbox" name="no_cache" checked={values.no_cache} onChange={set('no_cache')} /> Build without the cache
          </label>
        </div>
        <FormProblems problems={problems[FORM_PROBLEMS]} error={error} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={sending !== undefined}>
            {sending === 'build' ? 'Starting…' : 'Start build'}
          </button>
          <button type="button" disabled={sending !== undefined} onClick={() => void send('plan')}>
            {sending === 'plan' ? 'Planning…' : 'Preview plan'}
          </button>
        </div>
      </form>
      {plan ? (
        <div class="panel" data-plan>
          <h3>
            Plan for commit <span class="mono">{plan.commit.slice(0, 12)}</span> ({plan.buildpack_type})
          </h3>
          {plan.detected ? (
            <p data-detected>
              Detected: <strong>{plan.detected.buildpack_type}</strong>
              {plan.detected.provider ? ` (${plan.detected.provider})` : ''}: {plan.detected.reason}
            </p>
          ) : null}
          {plan.plan && typeof plan.plan.dockerfile === 'string' ? (
            <>
              <h4>Dockerfile</h4>
              <pre class="code">{plan.plan.dockerfile}</pre>
            </>
          ) : null}
          <h4>Details</h4>
          <pre class="code">{plan.plan ? JSON.stringify({ ...plan.plan, dockerfile: undefined }, null, 2) : 'This buildpack has no plan to show.'}</pre>
        </div>
      ) : null}
      {selected ? <BuildDetail key={selected.id} client={client} build={selected} onChange={changed} /> : null}
      <h3>Recent builds</h3>
      {builds.length === 0 ? (
        <p class="muted">No builds yet.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>Build</th>
              <th>Image tag</th>
              <th>Status</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {builds.map((b) => (
              <tr key={b.id} class={b.id === selected?.id ? 'selected' : undefined}>
                <td>
                  <button type="button" class="link mono" onClick={() => setSelected(b)}>
                    {b.id}
                  </button>
                </td>
                <td class="mono">{b.image_tag}</td>
                <td>
                  <Badge value={b.status} />
                </td>
                <td class="muted">{new Date(b.created_at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
