export { describeContainerManagerConformance, TEST_RUN_LABEL } from './conformance.js';
export type { ContainerManagerConformanceOptions } from './conformance.js';
export { eventually, pollUntil, within, freePort } from './poll.js';
