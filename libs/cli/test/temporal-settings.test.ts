import { describe, expect, it } from 'vitest';

import { EXIT, runCli } from '@bcml/cli';

/** `bcml <args>` in-process with `env` on top of an unreachable Temporal (nothing may be reached before failing). */
async function bcml(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    env: { TEMPORAL_ADDRESS: '127.0.0.1:1', MLFLOW_TRACKING_URI: 'http://127.0.0.1:1', ...env },
  });
  return { code, out, err };
}

describe('bcml: the Temporal CLI connection variables', () => {
  it('exits 2 naming the variable of a bad TLS setting, before connecting', async () => {
    const maybe = await bcml({ TEMPORAL_TLS: 'maybe' }, 'schedule', 'describe', 'nightly');
    expect(maybe).toEqual({
      code: EXIT.usage,
      out: '',
      err: 'bcml: invalid TEMPORAL_TLS: expected true or false, received "maybe"\n',
    });
    const lone = await bcml({ TEMPORAL_TLS_CLIENT_CERT_DATA: '-----BEGIN CERTIFICATE-----\n' }, 'sweep', 'status', 'x');
    expect(lone.code).toBe(EXIT.usage);
    expect(lone.err).toMatch(/^bcml: invalid TEMPORAL_TLS_CLIENT_KEY_PATH: expected the private key of the client /);
  });

  it('lists the variables in bcml worker --help', async () => {
    const help = await bcml({}, 'worker', '--help');
    for (const name of [
      'TEMPORAL_API_KEY',
      'TEMPORAL_TLS_CLIENT_CERT_PATH',
      'TEMPORAL_PROFILE',
      'TEMPORAL_CONFIG_FILE',
    ]) {
      expect(help.out).toContain(name);
    }
  });
});
