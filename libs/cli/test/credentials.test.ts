import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { EXIT, runCli } from '@bcml/cli';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-cli-credentials-'));

/** `bcml <args>` in this process with `env` (servers nobody listens on). */
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

describe('bcml and credentials', () => {
  it('bcml worker refuses an unreadable or malformed NETRC file before starting (exit 2)', async () => {
    const missing = await bcml({ NETRC: join(tmp, 'missing') }, 'worker', '--pool', 'control');
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('invalid NETRC: expected a readable netrc file');
    const broken = join(tmp, 'broken-netrc');
    writeFileSync(broken, 'machine data.example login reader password');
    const malformed = await bcml({ NETRC: broken }, 'worker', '--pool', 'control');
    expect(malformed.code).toBe(EXIT.usage);
    expect(malformed.err).toContain('"password" without a value');
  });

  it('bcml sweep start refuses credentials in a dataset URL, showing it redacted, before contacting Temporal', async () => {
    const secret = 'pw-0f7c1d9e';
    const spec = join(tmp, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({ name: 'x', dataset: { uri: `http://reader:${secret}@data.example/credit-{split}.arrow` } }),
    );
    const { code, out, err } = await bcml({}, 'sweep', 'start', spec);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain('invalid dataset.uri: expected a URL without credentials');
    expect(err).toContain('"http://***@data.example/credit-{split}.arrow"');
    expect(`${out}${err}`).not.toContain(secret);
  });
});
