import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { artifactProxyPath, MlflowError } from '@bcml/tracking';

import { deleteCreatedExperiments, newExperiment, stackClient, tempDir } from './helpers.js';

const client = stackClient();
const work = tempDir('artifacts');
afterAll(() => work.remove());
afterAll(deleteCreatedExperiments);

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function newRunArtifactUri(prefix: string): Promise<string> {
  const experimentId = await newExperiment(client, prefix);
  return (await client.createRun(experimentId, { runName: prefix })).info.artifactUri;
}

describe('artifacts through the server proxy', () => {
  it('round-trips a 20 MB file byte for byte, streamed both ways', async () => {
    const artifactUri = await newRunArtifactUri('big');
    const source = join(work.path, 'big.bin');
    const file = await open(source, 'w');
    for (let i = 0; i < 20; i += 1) await file.write(randomBytes(1024 * 1024));
    await file.close();

    expect(await client.uploadArtifact(artifactUri, source, 'data/big.bin')).toBe('data/big.bin');
    expect(await client.listArtifacts(artifactUri, 'data')).toEqual([
      { path: 'data/big.bin', isDir: false, fileSize: 20 * 1024 * 1024 },
    ]);
    const copy = join(work.path, 'copy', 'big.bin');
    await client.downloadArtifact(artifactUri, 'data/big.bin', copy);
    expect(await sha256(copy)).toBe(await sha256(source));
  });

  it('uploads a folder recursively, lists it, and downloads a folder or a single file', async () => {
    const artifactUri = await newRunArtifactUri('folder');
    const local = join(work.path, 'report');
    mkdirSync(join(local, 'evaluations', 'new-error'), { recursive: true });
    writeFileSync(join(local, 'index.html'), '<h1>report</h1>');
    writeFileSync(join(local, 'evaluations', 'new-error', 'test.json'), '{"n": 3}');
    writeFileSync(join(local, 'evaluations', 'summary with space.json'), '{}');

    expect(await client.uploadArtifacts(artifactUri, local, 'report')).toEqual([
      'report/evaluations/new-error/test.json',
      'report/evaluations/summary with space.json',
      'report/index.html',
    ]);
    expect(await client.listArtifacts(artifactUri)).toEqual([{ path: 'report', isDir: true, fileSize: undefined }]);
    expect((await client.listArtifacts(artifactUri, 'report')).map((e) => [e.path, e.isDir])).toEqual([
      ['report/evaluations', true],
      ['report/index.html', false],
    ]);
    expect((await client.listArtifactFiles(artifactUri)).map((e) => e.path)).toEqual([
      'report/evaluations/new-error/test.json',
      'report/evaluations/summary with space.json',
      'report/index.html',
    ]);

    const folder = join(work.path, 'down-folder');
    const written = await client.downloadArtifacts(artifactUri, 'report/evaluations', folder);
    expect(written).toEqual([join(folder, 'new-error', 'test.json'), join(folder, 'summary with space.json')]);
    expect(readFileSync(join(folder, 'new-error', 'test.json'), 'utf8')).toBe('{"n": 3}');

    const whole = join(work.path, 'down-all');
    expect(await client.downloadArtifacts(artifactUri, '', whole)).toHaveLength(3);
    expect(readFileSync(join(whole, 'report', 'index.html'), 'utf8')).toBe('<h1>report</h1>');

    const single = join(work.path, 'down-single');
    expect(await client.downloadArtifacts(artifactUri, 'report/index.html', single)).toEqual([
      join(single, 'index.html'),
    ]);
  });

  it('reports a missing artifact as a non-retryable 404', async () => {
    const artifactUri = await newRunArtifactUri('missing');
    const file = await client
      .downloadArtifact(artifactUri, 'nope.bin', join(work.path, 'nope.bin'))
      .catch((e: unknown) => e);
    expect(file).toBeInstanceOf(MlflowError);
    expect((file as MlflowError).status).toBe(404);
    expect((file as MlflowError).retryable).toBe(false);
    const folder = await client
      .downloadArtifacts(artifactUri, 'nope', join(work.path, 'nope'))
      .catch((e: unknown) => e);
    expect((folder as MlflowError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await client.listArtifacts(artifactUri, 'nope')).toEqual([]);
  });

  it('maps artifact URIs onto the proxy and refuses non-proxied ones', () => {
    expect(artifactProxyPath('mlflow-artifacts:/1/abc/artifacts')).toBe('1/abc/artifacts');
    expect(artifactProxyPath('mlflow-artifacts://host:5000/1/abc/artifacts/')).toBe('1/abc/artifacts');
    expect(artifactProxyPath('http://h:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts')).toBe(
      '1/abc/artifacts',
    );
    expect(() => artifactProxyPath('s3://bucket/1/abc/artifacts')).toThrow(InvalidInputError);
    expect(() => artifactProxyPath('mlflow-artifacts:/1/../etc')).toThrow(InvalidInputError);
  });
});
