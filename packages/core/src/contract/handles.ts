import type { ContainerDetails } from '../schemas/container.js';

/**
 * A created container: its {@link ContainerDetails}, and `await using` removes it (forcibly) when
 * the scope ends. The dispose method is a non-enumerable symbol, so the value serialises to
 * JSON exactly as ContainerDetails.
 *
 * @example
 * {
 *   await using web = await manager.create({ image: 'nginx:alpine' });
 *   await manager.start(web.id);
 * } // removed here, even when the block threw
 */
export type ContainerHandle = ContainerDetails & AsyncDisposable;
