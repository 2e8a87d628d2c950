/**
 * On Node < 22 the AWS SDK warns, over several lines, that SDK versions published after
 * January 2027 will need Node 22. The SDK in dist/ is fixed at bundle time and never updates
 * under a user, so the warning is ours to act on (by updating the bundle), not theirs: it is
 * turned off with the SDK's own switch before a client is made. Whoever sets the variable
 * keeps their setting.
 */
export function quietSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
