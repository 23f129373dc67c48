export { describeContainerManagerConformance, TEST_RUN_LABEL } from './conformance/index.js';
export type { ContainerManagerConformanceOptions } from './conformance/index.js';
export { eventually, pollUntil, within, freePort } from './poll.js';
export { temporaryBindRoot } from './bind-root.js';
