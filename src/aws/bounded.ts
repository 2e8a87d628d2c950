import { quietSdkNodeVersionWarning } from './node-warning.js';
import { InputError } from '../errors.js';

/** Every AWS request attempt (connect, then the answer's headers) is cut off after this, at most. */
export const MAX_ATTEMPT_TIMEOUT_MS = 10_000;
/** Attempts per request, the SDK's standard retry (throttling, 5xx, timeouts, resets). */
export const MAX_ATTEMPTS = 3;

/**
 * The per-attempt timeout for a fetch bounded by `maxWaitMs`: half the bound (so that a retry
 * fits in it), between 1 s and {@link MAX_ATTEMPT_TIMEOUT_MS}.
 */
export const attemptTimeoutMs = (maxWaitMs: number): number =>
  Math.round(Math.min(MAX_ATTEMPT_TIMEOUT_MS, Math.max(1_000, maxWaitMs / 2)));

/**
 * Client options shared by the IAM and Organizations clients: the region (IAM is global, so a
 * missing one means us-east-1), the SDK's standard retry, and a NodeHttpHandler whose connect,
 * request and idle-socket timeouts all throw (`throwOnRequestTimeout`), so no attempt hangs.
 */
export function boundedClientConfig(env: NodeJS.ProcessEnv, attemptMs: number) {
  // before any client is made: the SDK's multi-line Node-version warning stays out of the log
  quietSdkNodeVersionWarning();
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(attemptMs, 5_000),
      requestTimeout: attemptMs,
      socketTimeout: attemptMs,
      throwOnRequestTimeout: true,
    },
  } as const;
}

export interface Deadline {
  /**
   * Runs one SDK call (`send(command, { abortSignal })`), rejecting with {@link Deadline.error}
   * when the bound is reached.
   */
  run<T>(action: string, call: (abortSignal: AbortSignal) => Promise<T>): Promise<T>;
  /** The error for the bound, naming it and the action that was waiting. */
  error(action: string): InputError;
  /** Clears the timer. */
  dispose(): void;
}

/**
 * An overall bound on a series of AWS requests: an AbortSignal handed to every `send` (the SDK
 * aborts the attempt and its retry delay), and a race against the bound as well, so that no part
 * of the SDK that ignores the signal (credential providers) can outlast it.
 */
export function createDeadline(ms: number, bound: string, hint: string): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const seconds = Math.round(ms / 100) / 10;
  const error = (action: string): InputError =>
    new InputError(
      `${action} did not complete within the ${seconds} s bound of ${bound}; stopped waiting`,
      {},
      hint,
    );
  return {
    error,
    dispose: () => clearTimeout(timer),
    async run(action, call) {
      if (controller.signal.aborted) throw error(action);
      let onAbort = (): void => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(error(action));
        controller.signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([call(controller.signal), aborted]);
      } catch (e) {
        // The SDK's own abort error, when it noticed first.
        if (controller.signal.aborted) throw error(action);
        throw e;
      } finally {
        controller.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
