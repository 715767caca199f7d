import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DatasetError, readSourceBytes } from '@bcml/data';

const password = 'pa55/w+rd-7c1f';
let server: Server;
let port: number;

beforeAll(async () => {
  const expected = `Basic ${Buffer.from(`reader:${password}`).toString('base64')}`;
  server = createServer((req, res) => {
    if (req.headers.authorization !== expected) res.writeHead(401, 'Unauthorized').end();
    else res.end('arrow bytes');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an http(s) URL with credentials', () => {
  it('sends them as basic auth (fetch refuses such URLs)', async () => {
    const url = `http://reader:${encodeURIComponent(password)}@127.0.0.1:${port}/data/train.arrow`;
    expect(Buffer.from(await readSourceBytes(url)).toString()).toBe('arrow bytes');
  });

  it('a refused password is a non-retryable error that names the URL without credentials', async () => {
    const url = `http://reader:wrong-${encodeURIComponent(password)}@127.0.0.1:${port}/data/train.arrow`;
    const error = await readSourceBytes(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).retryable).toBe(false);
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/data/train.arrow`);
    expect((error as Error).message).toContain('HTTP 401');
    for (const text of [(error as Error).message, inspect(error)]) {
      expect(text).not.toContain('wrong-');
      expect(text).not.toContain('reader:');
    }
  });
});
