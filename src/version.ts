declare const __TOOL_VERSION__: string | undefined;

/** Set by the bundler from package.json. */
export const VERSION: string =
  typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';

declare const __BUILD_ID__: string | undefined;

/**
 * What identifies this build's code (a digest of the sources it was bundled from, set by the
 * bundler): a result kept by another build is not this one's to reuse, even of one version.
 */
export const BUILD: string = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : 'sources';
