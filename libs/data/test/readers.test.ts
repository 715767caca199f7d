import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createDatasetTable,
  datasetExamples,
  datasetFromIPC,
  datasetToIPC,
  type DatasetPart,
  fitEncoding,
  float32View,
  readDataset,
  streamDataset,
  vectorView,
  writeDataset,
} from '@bcml/data';
import { RecordBatch, Table } from 'apache-arrow';

import { type LocalServer, startServer } from './http-server.js';
import { runPython } from './python.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-data-readers-'));
  // What a pandas/pyarrow user writes: the default (LZ4) Feather file, a ZSTD one, an uncompressed one, and a
  // file of several record batches. The label is a pandas categorical (a dictionary), the features a
  // FixedSizeList<float32> column; the metadata follows the convention.
  runPython(
    `
import sys, json
import numpy as np, pandas as pd, pyarrow as pa, pyarrow.feather as feather
out = sys.argv[1]
n = 1000
rng = np.random.default_rng(7)
df = pd.DataFrame({
    "id": np.arange(n, dtype=np.int64) * 3,
    "label": pd.Categorical(np.where(np.arange(n) % 3 == 0, "cat", "dog"), categories=["cat", "dog"]),
    "age": rng.normal(40, 10, n).astype(np.float32),
    "height": rng.normal(1.7, 0.1, n),
    "city": pd.Series(np.where(np.arange(n) % 2 == 0, "Paris", "Rome")),
})
table = pa.Table.from_pandas(df, preserve_index=False)
meta = dict(table.schema.metadata or {})
meta.update({b"bcml.task": b"binary", b"bcml.classes": json.dumps(["cat", "dog"]).encode(),
             b"bcml.feature_names": json.dumps(["age", "height", "city"]).encode()})
table = table.replace_schema_metadata(meta)
feather.write_feather(table, f"{out}/default.feather")
feather.write_feather(table, f"{out}/zstd.feather", compression="zstd")
feather.write_feather(table, f"{out}/plain.feather", compression="uncompressed")
feather.write_feather(table, f"{out}/batches.feather", compression="uncompressed", chunksize=300)
vectors = pa.table({
    "id": pa.array(np.arange(n), pa.int32()),
    "label": pa.array(np.arange(n) % 2, pa.int8()),
    "features": pa.FixedSizeListArray.from_arrays(pa.array(np.arange(n * 4, dtype=np.float32)), 4),
}).replace_schema_metadata({"bcml.classes": json.dumps(["no", "yes"])})
feather.write_feather(vectors, f"{out}/vectors.feather", compression="uncompressed")
with pa.OSFile(f"{out}/vectors.arrows", "wb") as sink:
    with pa.ipc.new_stream(sink, vectors.schema) as writer:
        for batch in vectors.to_batches(max_chunksize=250):
            writer.write_batch(batch)
`,
    dir,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Checks the pandas-written table read back. */
function expectPandasData(dataset: Awaited<ReturnType<typeof readDataset>>): void {
  expect(dataset.info).toMatchObject({
    rows: 1000,
    task: 'binary',
    classes: ['cat', 'dog'],
    features: { kind: 'columns', columns: ['age', 'height', 'city'] },
    displayColumns: [],
  });
  expect(Array.from(dataset.ids.subarray(0, 4))).toEqual([0, 3, 6, 9]);
  expect(Array.from(dataset.labels.subarray(0, 4))).toEqual([0, 1, 1, 0]);
  expect(dataset.labels.reduce((sum, y) => sum + y, 0)).toBe(666);
  expect(dataset.table.getChild('city')?.get(1)).toBe('Rome');
}

describe('reading files written by pyarrow', () => {
  it('reads the default Feather V2 file (LZ4-compressed), a ZSTD one and an uncompressed one identically', async () => {
    const plain = await readDataset(join(dir, 'plain.feather'));
    expectPandasData(plain);
    for (const name of ['default.feather', 'zstd.feather']) {
      const compressed = await readDataset(join(dir, name));
      expectPandasData(compressed);
      expect(Array.from(float32View(compressed.table, 'age'))).toEqual(Array.from(float32View(plain.table, 'age')));
      expect(compressed.table.getChild('height')?.toArray()).toEqual(plain.table.getChild('height')?.toArray());
    }
    const raw = await readFile(join(dir, 'default.feather'));
    expect(raw.includes(Buffer.from('LZ4'))).toBe(false); // compression is recorded as an enum, not a name
    expect(raw.length).toBeLessThan((await readFile(join(dir, 'plain.feather'))).length);
  });

  it('reads a file URL and a file of several record batches', async () => {
    expectPandasData(await readDataset(pathToFileURL(join(dir, 'plain.feather'))));
    const batched = await readDataset(join(dir, 'batches.feather'));
    expect(batched.table.batches.length).toBe(4);
    expectPandasData(batched);
  });

  it('views uncompressed float32 columns and vectors in the file buffer without copying', () => {
    const bytes = readFileSync(join(dir, 'plain.feather'));
    const dataset = datasetFromIPC(bytes, { file: 'plain.feather' });
    const age = float32View(dataset.table, 'age');
    expect(age.buffer).toBe(bytes.buffer);
    expect(age.length).toBe(1000);
    const vectorBytes = readFileSync(join(dir, 'vectors.feather'));
    const vectors = datasetFromIPC(vectorBytes, { file: 'vectors.feather' });
    const { values, size } = vectorView(vectors.table, 'features');
    expect(size).toBe(4);
    expect(values.buffer).toBe(vectorBytes.buffer);
    expect(Array.from(values.subarray(4, 8))).toEqual([4, 5, 6, 7]);
    const examples = datasetExamples(vectors, fitEncoding(vectors));
    expect(examples.x?.buffer).toBe(vectorBytes.buffer);
    expect(examples.shape).toEqual([4]);
    // A float64 column and a compressed file cannot be views: they are converted or decompressed copies.
    expect(float32View(dataset.table, 'height').buffer).not.toBe(bytes.buffer);
  });

  it('writes files that pyarrow reads back (interop both ways)', async () => {
    const dataset = await readDataset(join(dir, 'default.feather'));
    await writeDataset(join(dir, 'from-js.feather'), dataset);
    const summary = runPython(
      `
import sys, pyarrow.feather as feather
t = feather.read_table(sys.argv[1])
print(t.num_rows, t.column("age").type, t.column("label").to_pylist().count("dog"), t.schema.metadata[b"bcml.classes"].decode())
`,
      join(dir, 'from-js.feather'),
    );
    expect(summary.trim()).toBe('1000 float 666 ["cat", "dog"]');
  });
});

describe('streaming record batches', () => {
  it('yields a file record batch by record batch, validated, with file row offsets', async () => {
    const parts: DatasetPart[] = [];
    for await (const part of streamDataset(join(dir, 'batches.feather'))) parts.push(part);
    expect(parts.map((p) => [p.index, p.rowOffset, p.info.rows])).toEqual([
      [0, 0, 300],
      [1, 300, 300],
      [2, 600, 300],
      [3, 900, 100],
    ]);
    expect(parts.map((p) => p.ids[0])).toEqual([0, 900, 1800, 2700]);
    expect(parts.every((p) => p.info.classes.join() === 'cat,dog')).toBe(true);
  });

  it('streams the IPC stream format from disk', async () => {
    let rows = 0;
    for await (const part of streamDataset(join(dir, 'vectors.arrows'))) {
      expect(part.info.features).toEqual({ kind: 'vector', column: 'features', size: 4 });
      rows += part.info.rows;
    }
    expect(rows).toBe(1000);
  });
});

describe('reading from an http(s) URL', () => {
  let server: LocalServer;
  let fileBytes: Uint8Array;

  beforeAll(async () => {
    fileBytes = await readFile(join(dir, 'default.feather'));
    const streamBytes = await readFile(join(dir, 'vectors.arrows'));
    server = await startServer({
      '/data/default.feather': { body: fileBytes },
      '/data/slow.feather': { body: await readFile(join(dir, 'batches.feather')), chunkSize: 1000 },
      '/data/vectors.arrows': { body: streamBytes, chunkSize: 777 },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('reads a whole file from a URL', async () => {
    const dataset = await readDataset(`${server.url}/data/default.feather?token=secret`);
    expectPandasData(dataset);
    expect(dataset.file).toBe(`${server.url}/data/default.feather`); // no query string in names
  });

  it('streams an IPC file and an IPC stream from a URL as the bytes arrive', async () => {
    const offsets: number[] = [];
    for await (const part of streamDataset(`${server.url}/data/slow.feather`)) offsets.push(part.rowOffset);
    expect(offsets).toEqual([0, 300, 600, 900]);
    let rows = 0;
    for await (const part of streamDataset(new URL(`${server.url}/data/vectors.arrows`))) rows += part.info.rows;
    expect(rows).toBe(1000);
  });
});

describe('writing', () => {
  it('writes atomically: no temporary file is left, and an existing file is replaced whole', async () => {
    const path = join(dir, 'atomic', 'data.arrow');
    const table = createDatasetTable({
      ids: [1, 2],
      labels: [0, 1],
      classes: ['a', 'b'],
      columns: { x: Float32Array.of(1, 2) },
    });
    await writeDataset(path, table);
    await writeDataset(
      path,
      createDatasetTable({ ids: [1], labels: [1], classes: ['a', 'b'], columns: { x: [null] } }),
    );
    expect(await readdir(join(dir, 'atomic'))).toEqual(['data.arrow']);
    expect((await readDataset(path)).info.rows).toBe(1);
    await writeFile(join(dir, 'atomic', 'bytes.arrow'), datasetToIPC(table));
    expect((await readDataset(join(dir, 'atomic', 'bytes.arrow'))).info.featureNames).toEqual(['x']);
  });

  it('writes one record batch per table batch', () => {
    const table = createDatasetTable({
      ids: [1, 2, 3],
      labels: [0, 1, 0],
      classes: ['a', 'b'],
      columns: { x: Float32Array.of(1, 2, 3) },
    });
    const more = createDatasetTable({
      ids: [4, 5],
      labels: [1, 1],
      classes: ['a', 'b'],
      columns: { x: Float32Array.of(4, 5) },
    });
    const twoBatches = new Table(table.schema, [
      ...table.batches,
      new RecordBatch(table.schema, more.batches[0]!.data),
    ]);
    const back = datasetFromIPC(datasetToIPC(twoBatches), { file: 'x' });
    expect(Array.from(back.ids)).toEqual([1, 2, 3, 4, 5]);
    expect(back.table.batches.length).toBe(2);
  });
});
