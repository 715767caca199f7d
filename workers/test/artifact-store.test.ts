import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BcmlError, InvalidInputError } from '@bcml/core';
import { createArtifactCache, createArtifactStore, fileSha256, MANIFEST_FILE, parseArtifactRef } from '@bcml/workers';
import { folderArtifactTransport } from '@bcml/workers/testing';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-artifacts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(dir, 'src-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  return folder;
}

describe('artifact references', () => {
  it('parse the kind and digest, and name the field when malformed', () => {
    const sha = 'a'.repeat(64);
    expect(parseArtifactRef(`runs:/r/model#folder-sha256=${sha}`, 'f')).toEqual({
      uri: 'runs:/r/model',
      kind: 'folder',
      sha256: sha,
    });
    expect(() => parseArtifactRef('runs:/r/model', 'prepared.initialModelUri')).toThrow(InvalidInputError);
    expect(() => parseArtifactRef('runs:/r/x#file-sha256=abc', 'checkpointUri')).toThrow(/invalid checkpointUri/);
  });
});

describe('createArtifactStore', () => {
  it('round-trips a folder through the remote store onto another worker, verified and cached by digest', async () => {
    const remote = folderArtifactTransport(join(dir, 'remote'));
    const writer = createArtifactStore({
      transports: [remote],
      cache: createArtifactCache({ dir: join(dir, 'cache-a') }),
    });
    const reader = createArtifactStore({
      transports: [remote],
      cache: createArtifactCache({ dir: join(dir, 'cache-b') }),
    });
    const source = await folderWith({ 'model.json': '{"a":1}', 'weights/group1.bin': 'WEIGHTS' });
    const ref = await writer.putFolder(source, 'remote:/run1/model');
    expect(ref).toMatch(/^remote:\/run1\/model#folder-sha256=[0-9a-f]{64}$/);
    expect(remote.uploads.at(-1)).toBe(`remote:/run1/model/${MANIFEST_FILE}`);

    const local = await reader.fetch(ref, 'h2.model');
    expect(await readFile(join(local, 'model.json'), 'utf8')).toBe('{"a":1}');
    expect(await readFile(join(local, 'weights', 'group1.bin'), 'utf8')).toBe('WEIGHTS');
    expect((await readdir(local)).sort()).toEqual(['model.json', 'weights']);
    const downloaded = remote.downloads.length;
    expect(downloaded).toBe(3); // manifest + 2 files

    // Concurrent activities on the same worker share one download; later fetches hit the cache.
    const again = await Promise.all(Array.from({ length: 8 }, () => reader.fetch(ref, 'h2.model')));
    expect(new Set(again)).toEqual(new Set([local]));
    expect(remote.downloads.length).toBe(downloaded);
  });

  it('shares one download between concurrent fetches that start together', async () => {
    const remote = folderArtifactTransport(join(dir, 'remote'));
    const store = createArtifactStore({
      transports: [remote],
      cache: createArtifactCache({ dir: join(dir, 'cache') }),
    });
    const file = join(await folderWith({ 'train.arrow': 'ARROW' }), 'train.arrow');
    const ref = await store.putFile(file, 'remote:/run1/h1-outputs/train.arrow');
    expect(ref.endsWith(`#file-sha256=${await fileSha256(file)}`)).toBe(true);
    const fresh = createArtifactStore({
      transports: [remote],
      cache: createArtifactCache({ dir: join(dir, 'cache-2') }),
    });
    const paths = await Promise.all(Array.from({ length: 6 }, () => fresh.fetch(ref, 'h1')));
    expect(new Set(paths).size).toBe(1);
    expect(remote.downloads).toEqual(['remote:/run1/h1-outputs/train.arrow']);
    expect(await readFile(paths[0] as string, 'utf8')).toBe('ARROW');
  });

  it('refuses content whose digest differs from the reference (retryable) and caches nothing', async () => {
    const remote = folderArtifactTransport(join(dir, 'remote'));
    const store = createArtifactStore({
      transports: [remote],
      cache: createArtifactCache({ dir: join(dir, 'cache') }),
    });
    const file = join(await folderWith({ 'a.json': 'one' }), 'a.json');
    const ref = await store.putFile(file, 'remote:/r/a.json');
    await writeFile(join(dir, 'remote', 'r', 'a.json'), 'tampered');
    const error = await store.fetch(ref, 'f').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BcmlError);
    expect((error as BcmlError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/remote:\/r\/a\.json has SHA-256 [0-9a-f]{64}, expected/);
    await expect(readdir(join(dir, 'cache', 'entries'))).resolves.toEqual([]);
    expect(await readdir(join(dir, 'cache', 'tmp'))).toEqual([]);
  });

  it('names the field for a URI no transport serves', async () => {
    const store = createArtifactStore({
      transports: [folderArtifactTransport(dir)],
      cache: createArtifactCache({ dir }),
    });
    await expect(store.putFile(join(dir, 'x'), 's3://bucket/x')).rejects.toThrow(
      /invalid artifact URI: expected an artifact URI of this worker's stores \(remote:\)/,
    );
  });
});

describe('createArtifactCache', () => {
  it('evicts least recently used entries beyond its bound, never recent ones', async () => {
    const cache = createArtifactCache({ dir: join(dir, 'c'), maxBytes: 250, keepRecentMs: 60_000 });
    const fill = (bytes: number) => (d: string) => writeFile(join(d, 'blob'), 'x'.repeat(bytes));
    const a = await cache.entry('a', fill(100));
    const b = await cache.entry('b', fill(100));
    // Make a and b old, a the older.
    await utimes(a, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await utimes(b, new Date(Date.now() - 1_800_000), new Date(Date.now() - 1_800_000));
    await cache.entry('c', fill(100));
    expect((await readdir(join(dir, 'c', 'entries'))).sort()).toEqual(['b', 'c']);
    expect(await cache.size()).toBe(200);
    // Recent entries stay even over the bound.
    await cache.entry('d', fill(100));
    await cache.entry('e', fill(100));
    expect((await readdir(join(dir, 'c', 'entries'))).sort()).toEqual(['c', 'd', 'e']);
  });

  it('keeps the first of two racing fills (as two processes would) and refuses unsafe keys', async () => {
    const one = createArtifactCache({ dir: join(dir, 'c') });
    const two = createArtifactCache({ dir: join(dir, 'c') });
    const [p1, p2] = await Promise.all([
      one.entry('k', (d) => writeFile(join(d, 'v'), 'same')),
      two.entry('k', (d) => writeFile(join(d, 'v'), 'same')),
    ]);
    expect(p1).toBe(p2);
    expect(await readFile(join(p1, 'v'), 'utf8')).toBe('same');
    expect(await readdir(join(dir, 'c', 'tmp'))).toEqual([]);
    await expect(one.entry('../x', () => Promise.resolve())).rejects.toThrow(/invalid cache key/);
  });
});
