import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry, type RetryPlugin } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** How a bounded client spends its time. */
export interface ClientBounds {
  /** Epoch milliseconds after which no request is started, and any in flight is aborted. */
  deadline: number;
  /** Bound on one HTTP attempt (retries are further attempts), in milliseconds. */
  attemptMs: number;
  /** At most this many retries of one request. */
  retries: number;
  /** Aborts every request at once. */
  signal?: AbortSignal;
  /** Told each retry: what failed and how long the client waits before trying again. */
  onRetry?: (what: string, waitMs: number) => void;
  /** The API's address; default `GITHUB_API_URL` (or api.github.com). */
  baseUrl?: string;
}

export type BoundedOctokit = ReturnType<typeof githubClient>;

/** A retry is worth waiting for only when an attempt of at least this long fits after it. */
const MIN_ATTEMPT_MS = 500;

interface RetryableError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** `Retry-After` in seconds (a number of seconds, or an HTTP date), if the error carries one. */
export function retryAfterSeconds(error: RetryableError, now: number): number | undefined {
  const value = error.response?.headers?.['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A primary or secondary rate limit: the throttling plugin's case, not the retry plugin's. */
const isRateLimit = (error: RetryableError): boolean =>
  /\bsecondary rate\b/i.test(error.message ?? '') ||
  error.response?.headers?.['x-ratelimit-remaining'] === '0';

/**
 * An Octokit for this action's few GitHub calls, bounded in time: every HTTP attempt has a
 * timeout, 5xx and 429 are retried by `@octokit/plugin-retry` (waiting `Retry-After` when the
 * response gives one), primary and secondary rate limits by `@octokit/plugin-throttling`; a
 * retry happens only when its wait and one more attempt fit before the deadline, and at the
 * deadline every request in flight is aborted.
 */
export function githubClient(token: string, bounds: ClientBounds) {
  const left = () => bounds.deadline - Date.now();
  const fits = (waitMs: number) => waitMs + MIN_ATTEMPT_MS <= left();
  const deadline = AbortSignal.timeout(Math.max(0, left()));
  const proxyFetch = (defaults.request?.fetch ?? fetch) as typeof fetch;
  // Every request carries the token: none goes to another origin than the API's, whatever a
  // response names (a pagination `Link` header pointing elsewhere had it sent there).
  // (as @actions/github: an empty GITHUB_API_URL is no URL)
  const api = new URL(bounds.baseUrl || process.env.GITHUB_API_URL || 'https://api.github.com');
  const boundedFetch: typeof fetch = (url, init) => {
    const target = new URL(url instanceof Request ? url.url : String(url));
    if (target.origin !== api.origin)
      return Promise.reject(
        new Error(
          `refused a request to ${target.origin}: not the GitHub API at ${api.origin} (a response named it)`,
        ),
      );
    return proxyFetch(url, {
      ...init,
      signal: AbortSignal.any(
        [
          deadline,
          AbortSignal.timeout(Math.max(0, Math.min(bounds.attemptMs, left()))),
          bounds.signal,
          init?.signal,
        ].filter((s): s is AbortSignal => s != null),
      ),
    });
  };
  const onLimit = (
    retryAfter: number,
    options: { method: string; url: string },
    _o: unknown,
    count: number,
  ) => {
    const wait = retryAfter * 1000;
    const again = count < bounds.retries && fits(wait);
    if (again) bounds.onRetry?.(`${options.method} ${options.url}: rate limited`, wait);
    return again;
  };
  const octokit = getOctokit(
    token,
    {
      ...(bounds.baseUrl && { baseUrl: bounds.baseUrl }),
      request: { ...defaults.request, fetch: boundedFetch },
      retry: { retries: bounds.retries },
      throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    },
    retry,
    throttling,
  ) as ReturnType<typeof getOctokit> & RetryPlugin;
  // The retry plugin waits (n+1)² s whatever the response says; honour Retry-After instead,
  // and give up when the wait would pass the deadline. Rate limits are the throttling plugin's.
  const retryRequest = octokit.retry.retryRequest;
  octokit.retry.retryRequest = (error, retries, after) => {
    const e = error as RetryableError;
    const wait = retryAfterSeconds(e, Date.now()) ?? after;
    const again = !isRateLimit(e) && !bounds.signal?.aborted && fits(wait * 1000);
    const attempt = (error.request.request as { retryCount?: number } | undefined)?.retryCount ?? 0;
    if (again && attempt < retries)
      bounds.onRetry?.(
        `${error.request.method} ${error.request.url}: ${e.status ?? 'error'}`,
        wait * 1000,
      );
    return retryRequest(error, again ? retries : 0, wait);
  };
  return octokit;
}
