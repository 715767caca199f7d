import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { StackConfig } from './stack-config.js';

/**
 * The environment of a client of the local stack (a background worker, the demo): its addresses, and the Temporal
 * CLI's TLS / API-key / profile settings neutralised — a user whose shell targets Temporal Cloud (`TEMPORAL_API_KEY`,
 * `TEMPORAL_TLS_*`, a default profile in `~/.config/temporalio/temporal.toml`) must still reach the plaintext local
 * dev server, and must not send it their key. Writes a profile file with an empty default profile under
 * `<dataDir>/run/`.
 */
export function localClientEnv(config: StackConfig): Record<string, string> {
  const runDir = join(config.dataDir, 'run');
  mkdirSync(runDir, { recursive: true });
  const profileFile = join(runDir, 'local-temporal.toml');
  writeFileSync(profileFile, '# The local stack: no TLS, no API key (written by bcml).\n[profile.default]\n');
  const neutral = Object.fromEntries(
    [
      'TEMPORAL_API_KEY',
      'TEMPORAL_PROFILE',
      'TEMPORAL_TLS_CERT',
      'TEMPORAL_TLS_CERT_DATA',
      'TEMPORAL_TLS_KEY',
      'TEMPORAL_TLS_KEY_DATA',
      'TEMPORAL_TLS_CA',
      'TEMPORAL_TLS_CA_DATA',
      'TEMPORAL_TLS_CLIENT_CERT_PATH',
      'TEMPORAL_TLS_CLIENT_CERT_DATA',
      'TEMPORAL_TLS_CLIENT_KEY_PATH',
      'TEMPORAL_TLS_CLIENT_KEY_DATA',
      'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
      'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
      'TEMPORAL_TLS_SERVER_NAME',
      'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
    ].map((name) => [name, '']),
  );
  return {
    ...neutral,
    TEMPORAL_TLS: 'false',
    TEMPORAL_CONFIG_FILE: profileFile,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    MLFLOW_TRACKING_URI: config.mlflow.trackingUri,
  };
}
