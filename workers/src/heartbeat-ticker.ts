import { type Context } from '@temporalio/activity';
import { type ActivityInterceptors } from '@temporalio/worker';

/** How many heartbeats `heartbeatTicker` sends per heartbeat timeout (the SDK throttles them to ~0.8 × timeout). */
export const HEARTBEATS_PER_TIMEOUT = 4;

/**
 * An activity interceptor (the control worker's) that heartbeats every `heartbeatTimeout / HEARTBEATS_PER_TIMEOUT`
 * while the activity runs, without details: a live worker keeps its activity, a killed one misses its heartbeats and
 * the server retries the activity elsewhere after the heartbeat timeout instead of the start-to-close timeout. An
 * activity without a heartbeat timeout runs as it is. Heartbeats the activity sends itself still go out.
 */
export function heartbeatTicker(ctx: Context): ActivityInterceptors {
  return {
    inbound: {
      execute: async (input, next) => {
        const timeoutMs = ctx.info.heartbeatTimeoutMs;
        if (timeoutMs === undefined || timeoutMs <= 0) return next(input);
        const timer = setInterval(() => ctx.heartbeat(), Math.max(10, timeoutMs / HEARTBEATS_PER_TIMEOUT));
        try {
          return await next(input);
        } finally {
          clearInterval(timer);
        }
      },
    },
  };
}
