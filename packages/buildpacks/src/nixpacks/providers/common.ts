import { argLine, envLine } from '../../generated/dockerfile-text.js';
import type { PlanContext } from '../types.js';

/** ARG lines for a build stage: variables visible to its RUN steps, absent from the final image. */
export function buildArgs(ctx: PlanContext): string[] {
  return Object.entries(ctx.variables).map(([name, value]) => argLine(name, value));
}

/** ENV lines for the runtime stage. */
export function runtimeEnv(ctx: PlanContext): string[] {
  return Object.entries(ctx.variables).map(([name, value]) => envLine(name, value));
}

/** Dockerfile lines, possibly nested; undefined and false stand for a line left out. */
export type Lines = string | undefined | false | readonly Lines[];

/** Joins Dockerfile lines, dropping the left-out ones, with a trailing newline. */
export function dockerfile(...groups: Lines[]): string {
  const lines: string[] = [];
  const add = (g: Lines): void => {
    if (g === undefined || g === false) return;
    if (typeof g === 'string') lines.push(g);
    else g.forEach(add);
  };
  groups.forEach(add);
  return `${lines.join('\n')}\n`;
}

export function fileExists(entries: { name: string; type: string }[], name: string): boolean {
  return entries.some((e) => e.name === name && e.type === 'file');
}

export function dirExists(entries: { name: string; type: string }[], name: string): boolean {
  return entries.some((e) => e.name === name && e.type === 'dir');
}
