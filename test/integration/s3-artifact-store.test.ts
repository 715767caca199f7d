import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort, httpOk, resolveStackConfig } from '@bcml/infra';
import { Secret } from '@bcml/tracking';
import {
  createArtifactCache,
  createArtifactStore,
  fileSha256,
  s3ArtifactTransport,
  S3Error,
  s3OptionsFromEnv,
  type ArtifactStore,
  type S3Options,
} from '@bcml/workers';

// The data plane on a real S3-compatible server on loopback (Moto's standalone server, with IAM authentication on,
// so every request's SigV4 signature is checked): what one worker puts, another fetches by reference, streamed.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-s3-store-'));
const BUCKET = 'bcml-artifacts';
let moto: ChildProcess | undefined;
let endpoint: string;
let options: S3Options;

const storeAt = (name: string, s3: S3Options = options): ArtifactStore =>
  createArtifactStore({
    transports: [s3ArtifactTransport(s3, { retry: { maxAttempts: 2, initialDelayMs: 50, maxDelayMs: 50 } })],
    cache: createArtifactCache({ dir: join(tmp, name) }),
  });

/** A Moto call made in its unauthenticated grace (`INITIAL_NO_AUTH_ACTION_COUNT`): routed by the credential scope. */
async function graceCall(service: 'iam' | 's3', method: string, path: string, form?: Record<string, string>) {
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDSETUP/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    ...(form === undefined ? {} : { body: new URLSearchParams({ ...form, Version: '2010-05-08' }).toString() }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto setup ${method} ${path} ${JSON.stringify(form)}: ${response.status} ${text}`);
  return text;
}

beforeAll(async () => {
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  const venv = join(resolveStackConfig(process.env).toolsDir, 'venv', 'bin');
  moto = spawn(join(venv, 'moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    // Four free actions (user, policy, key, bucket); every later request must carry a valid signature.
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '4' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  moto.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  while (!(await httpOk(`${endpoint}/moto-api/`, 1000))) {
    if (moto.exitCode !== null || Date.now() > deadline) throw new Error(`moto_server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await graceCall('iam', 'POST', '/', { Action: 'CreateUser', UserName: 'bcml-worker' });
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  await graceCall('iam', 'POST', '/', {
    Action: 'PutUserPolicy',
    UserName: 'bcml-worker',
    PolicyName: 's3-all',
    PolicyDocument: JSON.stringify(policy),
  });
  const key = await graceCall('iam', 'POST', '/', { Action: 'CreateAccessKey', UserName: 'bcml-worker' });
  await graceCall('s3', 'PUT', `/${BUCKET}`);
  const tag = (name: string): string => new RegExp(`<${name}>([^<]+)</${name}>`).exec(key)?.[1] ?? '';
  options = s3OptionsFromEnv({
    AWS_ACCESS_KEY_ID: tag('AccessKeyId'),
    AWS_SECRET_ACCESS_KEY: tag('SecretAccessKey'),
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: endpoint,
  }) as S3Options;
}, 120_000);

afterAll(async () => {
  if (moto !== undefined && moto.exitCode === null) {
    moto.kill('SIGTERM');
    await once(moto, 'exit');
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('an S3-compatible object store as the data plane', () => {
  it('moves a folder and a file from one worker to another through s3:// references', async () => {
    const source = join(tmp, 'model');
    mkdirSync(join(source, 'weights'), { recursive: true });
    writeFileSync(join(source, 'model.json'), '{"format":"layers-model"}');
    const weights = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(join(source, 'weights', 'group1 shard+1%of1.bin'), weights);
    const root = `s3://${BUCKET}/untracked/sweep%2Fa/h1`;

    const ref = await storeAt('cache-control').putFolder(source, `${root}/initial-model`);
    expect(ref).toMatch(/^s3:\/\/bcml-artifacts\/untracked\/sweep%2Fa\/h1\/initial-model#folder-sha256=[0-9a-f]{64}$/);
    const trainer = storeAt('cache-trainer');
    const local = await trainer.fetch(ref, 'prepared.initialModelUri');
    expect(readFileSync(join(local, 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');
    expect(readFileSync(join(local, 'weights', 'group1 shard+1%of1.bin')).equals(weights)).toBe(true);
    expect(await trainer.fetch(ref, 'again')).toBe(local);

    const file = join(tmp, 'train.arrow');
    writeFileSync(file, 'ARROW');
    const fileRef = await storeAt('cache-a').putFile(file, `${root}/outputs/train.arrow`);
    expect(readFileSync(await storeAt('cache-b').fetch(fileRef, 'h1'), 'utf8')).toBe('ARROW');
  });

  it('streams a 120 MiB file up (multipart) and down with memory well under its size, digest verified', async () => {
    const big = join(tmp, 'weights.bin');
    const out = createWriteStream(big);
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 120; i += 1) {
      block.fill(i % 251);
      block.writeUInt32LE(i, 0);
      if (!out.write(Buffer.from(block))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const sha = await fileSha256(big);

    const peak = async <T>(body: () => Promise<T>): Promise<[T, number]> => {
      const before = process.memoryUsage().rss;
      let max = before;
      const timer = setInterval(() => (max = Math.max(max, process.memoryUsage().rss)), 20);
      try {
        const value = await body();
        return [value, Math.max(max, process.memoryUsage().rss) - before];
      } finally {
        clearInterval(timer);
      }
    };
    const [ref, upGrowth] = await peak(() => storeAt('cache-up').putFile(big, `s3://${BUCKET}/big/weights.bin`));
    expect(ref).toBe(`s3://${BUCKET}/big/weights.bin#file-sha256=${sha}`);
    const [local, downGrowth] = await peak(() => storeAt('cache-down').fetch(ref, 'checkpointUri'));
    expect(await fileSha256(local)).toBe(sha);
    expect(upGrowth).toBeLessThan(60 * 1024 * 1024);
    expect(downGrowth).toBeLessThan(60 * 1024 * 1024);
  }, 300_000);

  it('refuses wrong credentials with an error naming the AWS variables, never the secret', async () => {
    const file = join(tmp, 'note.txt');
    writeFileSync(file, 'x');
    const wrongSecret = { ...options, secretAccessKey: new Secret('wrong-secret-value-123') };
    const error = await storeAt('cache-wrong', wrongSecret)
      .putFile(file, `s3://${BUCKET}/note.txt`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).retryable).toBe(false);
    expect((error as S3Error).message).toMatch(
      /^S3 refused PUT s3:\/\/bcml-artifacts\/note\.txt \(403 SignatureDoesNotMatch.*check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN/,
    );
    expect(`${(error as S3Error).message} ${inspect(error)}`).not.toContain('wrong-secret-value-123');
    expect(`${(error as S3Error).message}`).not.toContain(options.secretAccessKey.reveal());

    const unknownKey = { ...options, accessKeyId: 'AKIAUNKNOWN000000000' };
    await expect(storeAt('cache-unknown', unknownKey).putFile(file, `s3://${BUCKET}/note.txt`)).rejects.toThrow(
      /403 InvalidAccessKeyId.*AWS_ACCESS_KEY_ID/,
    );
  });

  it('names the URI of a missing object', async () => {
    const uri = `s3://${BUCKET}/nowhere/model.json`;
    const error = await storeAt('cache-missing')
      .fetch(`${uri}#file-sha256=${'0'.repeat(64)}`, 'checkpointUri')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).retryable).toBe(false);
    expect((error as S3Error).message).toMatch(
      /^S3 object not found: s3:\/\/bcml-artifacts\/nowhere\/model\.json \(404/,
    );
  });
});
