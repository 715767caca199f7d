import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';

/** Options of `createArtifactCache`. */
export interface ArtifactCacheOptions {
  /** The cache's folder on this worker (`<BCML_DATA_DIR>/cache/artifacts`); created when missing. */
  readonly dir: string;
  /** The size the cache is brought back under after each fill, in bytes (default 8 GiB). */
  readonly maxBytes?: number;
  /** Entries used within this many milliseconds are never evicted, so another activity can still read them (default 10 min). */
  readonly keepRecentMs?: number;
}

/** A worker-local cache of immutable artifacts, one folder per content key. */
export interface ArtifactCache {
  /**
   * The folder of `key`: found, or filled once by `fill(tmpDir)` and moved into place atomically. Concurrent calls in
   * this process share one fill; concurrent processes each fill a private folder and the first rename wins.
   */
  entry(key: string, fill: (dir: string) => Promise<void>): Promise<string>;
  /** The bytes the cache's entries hold now. */
  size(): Promise<number>;
}

/** Default bound of the cache: 8 GiB. */
export const DEFAULT_CACHE_MAX_BYTES = 8 * 1024 ** 3;

/**
 * A content-addressed cache under `dir` (`entries/<key>`, `tmp/`, `trash/`): safe under concurrent activities and
 * processes, bounded by `maxBytes` (least recently used first; entries used in the last `keepRecentMs` stay).
 */
export function createArtifactCache(options: ArtifactCacheOptions): ArtifactCache {
  const { dir } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  const keepRecentMs = options.keepRecentMs ?? 10 * 60_000;
  const entries = join(dir, 'entries');
  const tmp = join(dir, 'tmp');
  const trash = join(dir, 'trash');
  const filling = new Map<string, Promise<string>>();
  const pinned = new Map<string, number>();

  const found = async (path: string): Promise<boolean> => {
    try {
      const now = new Date();
      await utimes(path, now, now);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  };

  const fillEntry = async (key: string, fill: (dir: string) => Promise<void>): Promise<string> => {
    const target = join(entries, key);
    if (await found(target)) return target;
    await Promise.all([mkdir(entries, { recursive: true }), mkdir(tmp, { recursive: true })]);
    const scratch = join(tmp, `${key}.${process.pid}.${randomBytes(6).toString('hex')}`);
    await mkdir(scratch);
    try {
      await fill(scratch);
      try {
        await rename(scratch, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Another process moved the same content into place first: use theirs.
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    await found(target);
    await evict(key);
    return target;
  };

  const evict = async (keep: string): Promise<void> => {
    const now = Date.now();
    const listed = await entrySizes();
    let total = listed.reduce((sum, e) => sum + e.bytes, 0);
    for (const e of listed.sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= maxBytes) break;
      if (e.key === keep || (pinned.get(e.key) ?? 0) > 0 || now - e.usedAt < keepRecentMs) continue;
      await mkdir(trash, { recursive: true });
      const away = join(trash, `${e.key}.${randomBytes(6).toString('hex')}`);
      try {
        await rename(join(entries, e.key), away);
      } catch {
        continue; // evicted by another process meanwhile
      }
      await rm(away, { recursive: true, force: true });
      total -= e.bytes;
    }
  };

  const entrySizes = async (): Promise<{ key: string; bytes: number; usedAt: number }[]> => {
    let names: string[];
    try {
      names = await readdir(entries);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: { key: string; bytes: number; usedAt: number }[] = [];
    for (const key of names) {
      try {
        const info = await stat(join(entries, key));
        out.push({ key, bytes: await folderBytes(join(entries, key)), usedAt: info.mtimeMs });
      } catch {
        // evicted while listing
      }
    }
    return out;
  };

  return {
    entry: async (key, fill) => {
      if (!/^[A-Za-z0-9._-]{1,200}$/.test(key) || key.startsWith('.')) {
        throw new InvalidInputError('cache key', 'letters, digits, ".", "_" or "-"', key);
      }
      pinned.set(key, (pinned.get(key) ?? 0) + 1);
      try {
        let pending = filling.get(key);
        if (pending === undefined) {
          pending = fillEntry(key, fill).finally(() => filling.delete(key));
          filling.set(key, pending);
        }
        return await pending;
      } finally {
        const left = (pinned.get(key) ?? 1) - 1;
        if (left === 0) pinned.delete(key);
        else pinned.set(key, left);
      }
    },
    size: async () => (await entrySizes()).reduce((sum, e) => sum + e.bytes, 0),
  };
}

async function folderBytes(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await folderBytes(join(path, name));
  return total;
}
