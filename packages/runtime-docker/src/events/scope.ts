import { Labels, isMikrocloudError, type EngineEvent, type EngineEventType } from '@mikrocloud/core';
import { inScope, managedLabelFilters, type ContainerScope } from '../containers/operations.js';
import type { EngineCalls } from '../engine/transport.js';

type LookedUp = Exclude<EngineEventType, 'container'>;

/** The labels that put an image in a scope: the build label, and the instance when the scope has one. */
export function imageInScope(scope: ContainerScope, labels: Record<string, string> | null | undefined): boolean {
  if (labels?.[Labels.buildId] === undefined) return false;
  return scope.instanceId === undefined || labels[Labels.instance] === scope.instanceId;
}

/**
 * The label filter of `GET /images/json` narrowing the answer to a scope's images; callers check
 * {@link imageInScope} as well. One label only: Podman (4.3) answers nothing for a key-only label
 * filter combined with a key=value one.
 */
export function imageLabelFilters(scope: ContainerScope): string[] {
  return [scope.instanceId === undefined ? Labels.buildId : `${Labels.instance}=${scope.instanceId}`];
}

const MAX_REMEMBERED = 10_000;

/**
 * Decides which events belong to a manager's scope. Container events carry the container's
 * labels. Docker's image events carry the image's labels; Podman's do not, and neither engine
 * puts labels on volume or network events, so for those the object is looked up (and the answer
 * remembered) — and the ones in scope when the stream starts are listed first, so that their
 * removal, after which there is nothing left to look up, is still recognised.
 */
export class EventScope {
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly calls: EngineCalls,
    private readonly scope: ContainerScope,
  ) {}

  /** Lists the images, volumes and networks of the scope (for the types asked for). */
  async prime(types: ReadonlySet<EngineEventType>, signal: AbortSignal | undefined): Promise<void> {
    const jobs: Promise<void>[] = [];
    if (types.has('image')) jobs.push(this.primeWith('image', '/images/json', imageLabelFilters(this.scope), (i: { Id?: string }) => i.Id, signal));
    const managed = managedLabelFilters(this.scope.instanceId);
    if (types.has('volume')) {
      jobs.push(
        this.primeWith('volume', '/volumes', managed, (v: { Name?: string }) => v.Name, signal, (body) => (body as { Volumes?: unknown[] } | undefined)?.Volumes ?? []),
      );
    }
    if (types.has('network')) jobs.push(this.primeWith('network', '/networks', managed, (n: { Id?: string }) => n.Id, signal));
    await Promise.all(jobs);
  }

  /** Whether an event concerns an object of the scope. */
  async admits(event: EngineEvent): Promise<boolean> {
    if (event.type === 'container') return inScope(this.scope, event.attributes);
    if (event.type === 'image' && event.attributes[Labels.buildId] !== undefined) {
      const admitted = imageInScope(this.scope, event.attributes);
      this.remember('image', event.id, admitted);
      return admitted;
    }
    if (!event.id) return false;
    const key = `${event.type}\0${bare(event.id)}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const labels = await this.labelsOf(event.type, event.id);
    const admitted = labels !== undefined && (event.type === 'image' ? imageInScope(this.scope, labels) : inScope({ ...this.scope, includeUnmanaged: false }, labels));
    // An object that no longer exists is not remembered: its name may be taken again.
    if (labels !== undefined) this.remember(event.type, event.id, admitted);
    return admitted;
  }

  private remember(type: EngineEventType, id: string, admitted: boolean): void {
    if (this.known.size >= MAX_REMEMBERED) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    this.known.set(`${type}\0${bare(id)}`, admitted);
  }

  private async primeWith<T>(
    type: LookedUp,
    path: string,
    label: string[],
    idOf: (item: T) => string | undefined,
    signal: AbortSignal | undefined,
    itemsOf: (body: unknown) => unknown[] = (body) => (Array.isArray(body) ? body : []),
  ): Promise<void> {
    const body = await this.calls.call<unknown>({ method: 'GET', path, query: { filters: JSON.stringify({ label }) }, ...(signal ? { signal } : {}) });
    for (const item of itemsOf(body) as T[]) {
      const id = idOf(item);
      if (id) this.remember(type, id, true);
    }
  }

  private async labelsOf(type: LookedUp, id: string): Promise<Record<string, string> | undefined> {
    const path = type === 'image' ? `/images/${encodeURIComponent(id)}/json` : type === 'volume' ? `/volumes/${encodeURIComponent(id)}` : `/networks/${encodeURIComponent(id)}`;
    try {
      const body = await this.calls.call<{ Labels?: Record<string, string> | null; Config?: { Labels?: Record<string, string> | null } }>({ method: 'GET', path });
      return (type === 'image' ? body?.Config?.Labels : body?.Labels) ?? {};
    } catch (err) {
      if (isMikrocloudError(err) && err.code === 'not_found') return undefined;
      throw err;
    }
  }
}

function bare(id: string): string {
  return id.replace(/^sha256:/, '');
}
