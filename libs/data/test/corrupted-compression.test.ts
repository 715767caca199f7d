import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DatasetError, datasetFromIPC, estimateDatasetMemory } from '@bcml/data';

const fixtures = fileURLToPath(new URL('pyarrow/', import.meta.url));
const lz4 = readFileSync(join(fixtures, 'default.feather'));
const zstd = readFileSync(join(fixtures, 'zstd.feather'));

/** `bytes` with every third byte of its middle sixth flipped. */
function corruptMiddle(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  for (let i = Math.floor(copy.length / 3); i < Math.floor(copy.length / 2); i += 3) copy[i] = (copy[i] ?? 0) ^ 0x5a;
  return copy;
}

/** The error `read` throws, checked to be a `DatasetError`. */
function datasetError(read: () => unknown): DatasetError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  return expect.fail('expected a DatasetError');
}

describe('corrupted compressed Arrow bodies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcml-corrupted-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an LZ4 frame whose block claims more than its block size, at once (lz4js would zero-fill for hours)', () => {
    const forged = Uint8Array.from(lz4);
    const frame = Buffer.from(forged).indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18]));
    expect(frame).toBeGreaterThan(0);
    const flags = forged[frame + 4] ?? 0;
    const firstBlock = frame + 7 + ((flags & 0x08) !== 0 ? 8 : 0);
    new DataView(forged.buffer).setUint32(firstBlock, 0x7fffff00, true);
    const started = Date.now();
    const error = datasetError(() => datasetFromIPC(forged, { file: 'forged.feather' }));
    expect(error.message).toMatch(
      /^forged\.feather: is not a readable Arrow IPC file \(corrupted LZ4 frame: a block of/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses LZ4 and ZSTD files with corrupted bodies as unreadable, naming the file', () => {
    for (const [name, bytes] of [
      ['lz4.feather', lz4],
      ['zstd.feather', zstd],
    ] as const) {
      const error = datasetError(() => datasetFromIPC(corruptMiddle(bytes), { file: name }));
      expect(error.message.startsWith(`${name}: is not a readable Arrow IPC file (`)).toBe(true);
    }
  });

  it('estimateDatasetMemory refuses a file whose record batch header is corrupted with a DatasetError', async () => {
    const path = join(dir, 'zstd.feather');
    await writeFile(path, corruptMiddle(zstd));
    const error: unknown = await estimateDatasetMemory(path, { file: 'zstd.feather' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(/^zstd\.feather: is not a readable Arrow IPC file \(/);
  });
});
