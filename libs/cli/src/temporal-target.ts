import { resolveStackConfig } from '@bcml/infra';
import { temporalTargetFromEnv, type TemporalTarget } from '@bcml/workers';

import type { CliIo } from './cli-io.js';

/**
 * The Temporal server and how to reach it, from the Temporal CLI's settings (`temporalTargetFromEnv`:
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_TLS*`, `TEMPORAL_API_KEY`, the `TEMPORAL_PROFILE` of
 * `TEMPORAL_CONFIG_FILE`); the address and namespace default to the local stack's.
 */
export function temporalTarget(env: CliIo['env']): TemporalTarget {
  return temporalTargetFromEnv(env, () => {
    const { temporal } = resolveStackConfig(env);
    return { address: temporal.address, namespace: temporal.namespace };
  });
}
