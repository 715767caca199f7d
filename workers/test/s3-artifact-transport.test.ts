import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { Secret } from '@bcml/tracking';
import { parseS3Uri, s3ArtifactTransport, S3Error, s3OptionsFromEnv, signSigV4 } from '@bcml/workers';

describe('parseS3Uri', () => {
  it('splits bucket and key, keeping the key verbatim', () => {
    expect(parseS3Uri('s3://bcml-artifacts/a/b%2Ec/model.json', 'f')).toEqual({
      bucket: 'bcml-artifacts',
      key: 'a/b%2Ec/model.json',
    });
    expect(parseS3Uri('s3://bucket', 'f')).toEqual({ bucket: 'bucket', key: '' });
    expect(parseS3Uri('s3://bucket/prefix/', 'f')).toEqual({ bucket: 'bucket', key: 'prefix/' });
  });

  it('refuses other schemes, bad buckets and odd segments, naming the field', () => {
    for (const bad of [
      'https://bucket/key',
      's3:/bucket/key',
      's3://Bucket/key',
      's3://ab/key',
      's3://bucket//key',
      's3://bucket/a/../b',
      's3://bucket/./b',
    ]) {
      expect(() => parseS3Uri(bad, 'BCML_ARTIFACT_ROOT'), bad).toThrow(InvalidInputError);
      expect(() => parseS3Uri(bad, 'BCML_ARTIFACT_ROOT'), bad).toThrow(/^invalid BCML_ARTIFACT_ROOT: expected/);
    }
  });
});

describe('s3OptionsFromEnv', () => {
  it('is undefined without AWS credentials', () => {
    expect(s3OptionsFromEnv({ AWS_REGION: 'eu-west-1' })).toBeUndefined();
  });

  it('reads the standard AWS variables, endpoint and region with their fallbacks, secrets hidden', () => {
    const options = s3OptionsFromEnv({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'very-secret',
      AWS_SESSION_TOKEN: 'token-secret',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9000/',
    });
    expect(options?.region).toBe('eu-central-1');
    expect(options?.endpoint).toBe('http://127.0.0.1:9000');
    expect(options?.secretAccessKey.reveal()).toBe('very-secret');
    expect(options?.sessionToken?.reveal()).toBe('token-secret');
    expect(`${JSON.stringify(options)} ${inspect(options)}`).not.toMatch(/very-secret|token-secret/);

    const s3First = s3OptionsFromEnv({
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 'b',
      AWS_REGION: 'us-west-2',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL: 'http://generic:1',
      AWS_ENDPOINT_URL_S3: 'https://s3.example.com',
    });
    expect([s3First?.region, s3First?.endpoint]).toEqual(['us-west-2', 'https://s3.example.com']);
    expect(s3OptionsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })?.region).toBe('us-east-1');
  });

  it('names the missing or bad variable, never the secret', () => {
    expect(() => s3OptionsFromEnv({ AWS_SECRET_ACCESS_KEY: 'hush' })).toThrow(/invalid AWS_ACCESS_KEY_ID/);
    expect(() => s3OptionsFromEnv({ AWS_ACCESS_KEY_ID: 'a' })).toThrow(/invalid AWS_SECRET_ACCESS_KEY/);
    const env = { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'hush' };
    expect(() => s3OptionsFromEnv({ ...env, AWS_ENDPOINT_URL_S3: 'ftp://x' })).toThrow(/invalid AWS_ENDPOINT_URL_S3/);
    expect(() => s3OptionsFromEnv({ ...env, AWS_ENDPOINT_URL: 'http://u:hush@x' })).toThrow(
      /^invalid AWS_ENDPOINT_URL: expected a URL without credentials.*received "a URL with them"$/,
    );
    expect(() => s3OptionsFromEnv({ ...env, AWS_REGION: 'EU West' })).toThrow(/invalid AWS_REGION/);
  });
});

describe('signSigV4', () => {
  it('reproduces the AWS S3 documentation example (GET Object with a Range header)', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object".
    const headers = signSigV4(
      {
        method: 'GET',
        host: 'examplebucket.s3.amazonaws.com',
        path: '/test.txt',
        headers: { Range: 'bytes=0-9' },
        payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
        service: 's3',
      },
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });
});

describe('s3ArtifactTransport against a scripted HTTP server', () => {
  let dir: string;
  let server: Server;
  let answers: ((req: IncomingMessage) => [number, string])[];
  let seen: { method: string; url: string; authorization: string }[];

  let port: number;
  const transport = (): ReturnType<typeof s3ArtifactTransport> =>
    s3ArtifactTransport(
      {
        region: 'us-east-1',
        accessKeyId: 'AKIDTEST',
        secretAccessKey: new Secret('s3cr3t-value'),
        endpoint: `http://127.0.0.1:${port}`,
      },
      { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } },
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcml-s3-unit-'));
    answers = [];
    seen = [];
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? '' });
      req.resume();
      req.on('end', () => {
        const [status, body] = (answers.shift() ?? (() => [500, '']))(req);
        res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('addresses path-style below the endpoint, encodes the key, signs, and retries a 503', async () => {
    answers.push(
      () => [503, '<Error><Code>SlowDown</Code></Error>'],
      () => [200, 'hello'],
    );
    const target = join(dir, 'out', 'x.txt');
    await transport().download('s3://bucket/run a/x.txt', target);
    expect(await readFile(target, 'utf8')).toBe('hello');
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /bucket/run%20a/x.txt', 'GET /bucket/run%20a/x.txt']);
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/s3\/aws4_request, /,
    );
  });

  it('fails a missing object at once, naming its URI; a refusal names the AWS variables, not the secret', async () => {
    answers.push(() => [
      404,
      '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    ]);
    const missing = transport().download('s3://bucket/gone.bin', join(dir, 'gone.bin'));
    await expect(missing).rejects.toThrow(/^S3 object not found: s3:\/\/bucket\/gone\.bin \(404 NoSuchKey/);
    expect(seen).toHaveLength(1);

    const file = join(dir, 'up.bin');
    await writeFile(file, 'payload');
    answers.push(() => [403, '<Error><Code>SignatureDoesNotMatch</Code></Error>']);
    const refused = await transport()
      .upload(file, 's3://bucket/up.bin')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(S3Error);
    expect((refused as S3Error).retryable).toBe(false);
    expect((refused as S3Error).message).toMatch(/403 SignatureDoesNotMatch.*AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
    expect(`${(refused as S3Error).message} ${inspect(refused)}`).not.toContain('s3cr3t-value');
    expect(seen).toHaveLength(2);
  });

  it('gives up on an unreachable endpoint after its attempts, retryable', async () => {
    server.close();
    await once(server, 'close');
    const error = await transport()
      .download('s3://bucket/k', join(dir, 'k'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).retryable).toBe(true);
    expect((error as S3Error).message).toMatch(/^S3 GET s3:\/\/bucket\/k failed: .*ECONNREFUSED/);
    server.listen(0, '127.0.0.1'); // afterEach closes it again
  });
});
