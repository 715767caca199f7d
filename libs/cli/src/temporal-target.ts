import { resolveStackConfig } from '@bcml/infra';

import type { CliIo } from './cli-io.js';

/** The Temporal server: `TEMPORAL_ADDRESS` / `TEMPORAL_NAMESPACE`, defaulting to the local stack's. */
export function temporalTarget(env: CliIo['env']): { address: string; namespace: string } {
  const address = env['TEMPORAL_ADDRESS']?.trim();
  const namespace = env['TEMPORAL_NAMESPACE']?.trim();
  const needStack = address === undefined || address === '' || namespace === undefined || namespace === '';
  const stack = needStack ? resolveStackConfig(env) : undefined;
  return {
    address: address === undefined || address === '' ? (stack?.temporal.address ?? '') : address,
    namespace: namespace === undefined || namespace === '' ? (stack?.temporal.namespace ?? 'default') : namespace,
  };
}
