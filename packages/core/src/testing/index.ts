export { describeContainerManagerConformance, TEST_RUN_LABEL } from './conformance.js';
export type { ContainerManagerConformanceOptions } from './conformance.js';
