import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { localClientEnv, resolveStackConfig } from '@bcml/infra';

const dir = mkdtempSync(join(tmpdir(), 'bcml-local-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('localClientEnv', () => {
  it('points a child at the local stack and neutralises a Temporal Cloud shell (TLS, API key, profile)', () => {
    const config = resolveStackConfig({ BCML_DATA_DIR: dir, BCML_TEMPORAL_PORT: '17233', BCML_MLFLOW_PORT: '15000' });
    const env = localClientEnv(config);
    expect(env).toMatchObject({
      TEMPORAL_ADDRESS: '127.0.0.1:17233',
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:15000',
      TEMPORAL_TLS: 'false',
      TEMPORAL_API_KEY: '',
      TEMPORAL_PROFILE: '',
      TEMPORAL_TLS_CERT: '',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '',
    });
    // Spread over a user's environment, nothing of theirs survives.
    const child = { ...{ TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS_CA: '/ca.pem' }, ...env };
    expect(child.TEMPORAL_API_KEY).toBe('');
    expect(child.TEMPORAL_TLS_CA).toBe('');
    expect(env['TEMPORAL_CONFIG_FILE']).toBe(join(dir, 'run', 'local-temporal.toml'));
    expect(readFileSync(env['TEMPORAL_CONFIG_FILE'] ?? '', 'utf8').replace(/^#.*\n/gm, '')).toBe('[profile.default]\n');
  });
});
