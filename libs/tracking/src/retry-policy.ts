import { setTimeout as delay } from 'node:timers/promises';

/** How often and how patiently a transient failure is retried (exponential backoff with jitter, bounded). */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 disables retries. */
  readonly maxAttempts: number;
  /** Cap of the delay before the first retry; each later retry doubles it. */
  readonly initialDelayMs: number;
  /** Upper bound of any single delay, Retry-After included. */
  readonly maxDelayMs: number;
}

/** The clock and dice of the retry loop; tests inject instant sleeps and fixed random numbers. */
export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), like `Math.random`. */
  readonly random: () => number;
}

/** The defaults: 5 attempts, 500 ms doubling up to 10 s (about 7.5 s of waiting in the worst case). */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 };

/** Real time and `Math.random`. */
export const defaultRetryDeps: RetryDeps = { sleep: (ms) => delay(ms), random: Math.random };

/**
 * The delay before retry `retry` (1 for the first retry): "equal jitter" over an exponential cap,
 * `cap = min(maxDelayMs, initialDelayMs · 2^(retry−1))`, delay uniform in [cap/2, cap); a server's
 * `Retry-After` raises it, never above `maxDelayMs`.
 */
export function backoffDelayMs(
  retry: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = cap / 2 + (random() * cap) / 2;
  return Math.round(Math.min(options.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** What the retry loop needs to know about a failure. */
export interface RetryDecision {
  readonly retryable: boolean;
  readonly retryAfterMs?: number | undefined;
}

/**
 * Runs `attempt(n)` (n = 1, 2, …) until it resolves, a failure is not retryable, or `maxAttempts` is reached;
 * waits `backoffDelayMs` between attempts and rethrows the last failure through `giveUp(error, attempts)`.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  options: RetryOptions,
  deps: RetryDeps,
  giveUp: (error: unknown, attempts: number) => unknown = (error) => error,
): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retryable || n >= maxAttempts) throw giveUp(error, n);
      await deps.sleep(backoffDelayMs(n, options, deps.random, decision.retryAfterMs));
    }
  }
}
