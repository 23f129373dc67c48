import { useState } from 'preact/hooks';
import { describeError, type DashboardClient } from '../api.js';
import { describedBy, Field, FormProblems } from '../components.js';
import { CONTAINER_FORM_FIELDS, containerConfigOf, type ContainerFormValues } from '../container-form.js';
import { FORM_PROBLEMS, problemsByField, type ProblemsByField } from '../form-problems.js';

const EMPTY: ContainerFormValues = { image: '', name: '', ports: '', environment: '', command: '', restart_policy: '', labels: '' };
const RESTART_POLICIES = ['', 'no', 'always', 'unless-stopped', 'on-failure'];

/** The create form: what the API says is wrong with a field is shown at that field. */
export function CreateContainerPage({ client, onCreated }: { client: DashboardClient; onCreated: (id: string, name: string) => void }) {
  const [values, setValues] = useState<ContainerFormValues>(EMPTY);
  const [problems, setProblems] = useState<ProblemsByField>({});
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);

  const set = (key: keyof ContainerFormValues) => (event: Event) => setValues({ ...values, [key]: (event.currentTarget as HTMLInputElement).value });

  const submit = async (event: Event) => {
    event.preventDefault();
    const { config, problems: local } = containerConfigOf(values);
    setError(undefined);
    if (Object.keys(local).length > 0) {
      setProblems(local);
      return;
    }
    setSending(true);
    try {
      const created = await client.containers.create(config);
      setValues(EMPTY);
      setProblems({});
      onCreated(created.id, config.name ?? created.id.slice(0, 12));
    } catch (e) {
      const shown = describeError(e);
      const byField = problemsByField(shown.details, CONTAINER_FORM_FIELDS);
      setProblems(byField);
      if (Object.keys(byField).length === 0 || byField[FORM_PROBLEMS]) setError(e);
    } finally {
      setSending(false);
    }
  };

  const text = (key: keyof ContainerFormValues, label: string, hint?: string, placeholder?: string) => (
    <Field id={`container-${key}`} label={label} hint={hint} problems={problems[key]}>
      <input id={`container-${key}`} name={key} value={values[key]} onInput={set(key)} placeholder={placeholder} aria-invalid={problems[key] ? 'true' : undefined} aria-describedby={describedBy(`container-${key}`, problems[key])} autocomplete="off" />
    </Field>
  );
  const lines = (key: keyof ContainerFormValues, label: string, hint: string, placeholder: string) => (
    <Field id={`container-${key}`} label={label} hint={hint} problems={problems[key]}>
      <textarea id={`container-${key}`} name={key} rows={3} value={values[key]} onInput={set(key)} placeholder={placeholder} aria-invalid={problems[key] ? 'true' : undefined} aria-describedby={describedBy(`container-${key}`, problems[key])} />
    </Field>
  );

  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">New container</h2>
      <form class="form" method="post" onSubmit={(e) => void submit(e)} noValidate>
        {text('image', 'Image', 'an image reference', 'nginx:alpine')}
        {text('name', 'Name', 'optional; the engine picks one when empty', 'web')}
        {lines('ports', 'Ports', 'host:container a line, like 8080:80 or 127.0.0.1:5353:53/udp', '8080:80')}
        {lines('environment', 'Environment', 'KEY=value a line', 'NODE_ENV=production')}
        {lines('command', 'Command', 'one argument a line (no shell)', 'sh\n-c\necho hello')}
        <Field id="container-restart_policy" label="Restart policy" problems={problems.restart_policy}>
          <select id="container-restart_policy" name="restart_policy" value={values.restart_policy} onChange={set('restart_policy')}>
            {RESTART_POLICIES.map((p) => (
              <option key={p} value={p}>
                {p || '(engine default)'}
              </option>
            ))}
          </select>
        </Field>
        {lines('labels', 'Labels', 'key=value a line', 'team=web')}
        <FormProblems problems={problems[FORM_PROBLEMS]} error={error} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={sending}>
            {sending ? 'Creating…' : 'Create container'}
          </button>
        </div>
      </form>
    </section>
  );
}
