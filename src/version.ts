declare const __TOOL_VERSION__: string | undefined;

/** Set by the bundler from package.json. */
export const VERSION: string =
  typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';
