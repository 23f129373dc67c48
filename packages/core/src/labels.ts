import { ValidationError } from './errors.js';

/** Label keys mikrocloud sets on what it creates. Keys under this prefix are reserved. */
export const LABEL_PREFIX = 'io.mikrocloud.';

export const Labels = {
  /** `true` on every container mikrocloud created; `list` shows only these by default. */
  managed: 'io.mikrocloud.managed',
  /** The image reference exactly as the user wrote it (engines may report it qualified). */
  image: 'io.mikrocloud.image',
  /** The published ports as given at creation, so `list` reports them in any state. */
  ports: 'io.mikrocloud.ports',
  /**
   * The id of the server (or SDK embedding) that created a container, image or build workspace,
   * so several of them share one engine without seeing each other's containers.
   */
  instance: 'io.mikrocloud.instance',
  /** The build that produced an image. */
  buildId: 'io.mikrocloud.build.id',
  /**
   * The test run that created a container or image, so its cleanup finds everything. The one
   * reserved key users may set.
   */
  test: 'io.mikrocloud.test',
} as const;

/** The grammar of instance ids (`Labels.instance` values): they appear in labels, label filters and file names. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Returns the instance id, or throws a ValidationError naming `field` unless it matches {@link INSTANCE_ID_PATTERN}. */
export function checkInstanceId(instanceId: string, field = 'instanceId'): string {
  if (typeof instanceId !== 'string' || !INSTANCE_ID_PATTERN.test(instanceId)) {
    throw ValidationError.field(field, 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return instanceId;
}
