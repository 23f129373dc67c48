import pkg from '../package.json' with { type: 'json' };

/** The version of `@mikrocloud/api`. */
export const VERSION: string = pkg.version;
