import type { ContainerConfig } from './api.js';
import type { ProblemsByField } from './form-problems.js';

/** What the create form holds: text as typed, one entry a line for the maps and lists. */
export interface ContainerFormValues {
  image: string;
  name: string;
  /** `host:container` a line (`8080:80`, `127.0.0.1:8080:80`, `5353:53/udp`). */
  ports: string;
  /** `KEY=value` a line. */
  environment: string;
  /** One argument a line (argv, never a shell string). */
  command: string;
  restart_policy: string;
  /** `key=value` a line. */
  labels: string;
}

/** The fields of the create form, in the order shown. */
export const CONTAINER_FORM_FIELDS = ['image', 'name', 'ports', 'environment', 'command', 'restart_policy', 'labels'] as const;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');

function pairs(text: string, field: string, problems: ProblemsByField, shape: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const { line, number } of lines(text)) {
    const at = line.indexOf('=');
    if (at <= 0) (problems[field] ??= []).push(`line ${number}: write ${shape}`);
    else out[line.slice(0, at)] = line.slice(at + 1);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function ports(text: string, problems: ProblemsByField): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const { line, number } of lines(text)) {
    // The container side is after the last colon; the host side may hold an address (and IPv6 colons).
    const at = line.lastIndexOf(':');
    if (at <= 0 || at === line.length - 1) (problems.ports ??= []).push(`line ${number}: write host:container, like 8080:80`);
    else out[line.slice(0, at)] = line.slice(at + 1);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Turns the form into a create request. Only the line shapes are checked here (a line that is not
 * `a=b` or `a:b`); every value goes to the API as typed, which checks it and names the field.
 */
export function containerConfigOf(values: ContainerFormValues): { config: ContainerConfig; problems: ProblemsByField } {
  const problems: ProblemsByField = {};
  const config: ContainerConfig = { image: values.image.trim() };
  const name = values.name.trim();
  if (name) config.name = name;
  const portMap = ports(values.ports, problems);
  if (portMap) config.ports = portMap;
  const environment = pairs(values.environment, 'environment', problems, 'KEY=value');
  if (environment) config.environment = environment;
  const command = lines(values.command).map(({ line }) => line);
  if (command.length > 0) config.command = command;
  if (values.restart_policy) config.restart_policy = values.restart_policy;
  const labels = pairs(values.labels, 'labels', problems, 'key=value');
  if (labels) config.labels = labels;
  return { config, problems };
}
