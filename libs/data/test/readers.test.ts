import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
import { RecordBatch, Table, tableFromIPC } from 'apache-arrow';

import { type LocalServer, startServer } from './http-server.js';

/** Files written by pyarrow (default LZ4, ZSTD, uncompressed, several batches; vectors as Feather and stream). */
const fixtures = fileURLToPath(new URL('pyarrow/', import.meta.url));
/** What pyarrow reads from them (written by pyarrow/generate.py alongside the files). */
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as {
  readonly rows: number;
  readonly firstIds: readonly number[];
  readonly firstLabels: readonly number[];
  readonly dogs: number;
  readonly secondCity: string;
  readonly firstAges: readonly number[];
  readonly firstHeights: readonly number[];
  readonly batchRows: readonly number[];
  readonly batchFirstIds: readonly number[];
  readonly vectorRows: number;
  readonly vectorSize: number;
  readonly vectorStreamBatches: number;
  readonly secondVector: readonly number[];
};
/** The row offset of each record batch of batches.feather. */
const batchOffsets = expected.batchRows.map((_, i) => expected.batchRows.slice(0, i).reduce((a, b) => a + b, 0));
/** A temporary folder for what the tests write. */
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-data-readers-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Checks the pandas-written table read back. */
function expectPandasData(dataset: Awaited<ReturnType<typeof readDataset>>): void {
  expect(dataset.info).toMatchObject({
    rows: expected.rows,
    task: 'binary',
    classes: ['cat', 'dog'],
    features: { kind: 'columns', columns: ['age', 'height', 'city'] },
    displayColumns: [],
  });
  expect(Array.from(dataset.ids.subarray(0, 4))).toEqual(expected.firstIds);
  expect(Array.from(dataset.labels.subarray(0, 4))).toEqual(expected.firstLabels);
  expect(dataset.labels.reduce((sum, y) => sum + y, 0)).toBe(expected.dogs);
  expect(dataset.table.getChild('city')?.get(1)).toBe(expected.secondCity);
  expect(Array.from(float32View(dataset.table, 'age').subarray(0, 4))).toEqual(expected.firstAges);
  const height = dataset.table.getChild('height');
  expect(expected.firstHeights.map((_, i): unknown => height?.get(i))).toEqual(expected.firstHeights);
}

describe('reading files written by pyarrow', () => {
  it('reads the default Feather V2 file (LZ4-compressed), a ZSTD one and an uncompressed one identically', async () => {
    const plain = await readDataset(join(fixtures, 'plain.feather'));
    expectPandasData(plain);
    for (const name of ['default.feather', 'zstd.feather']) {
      const compressed = await readDataset(join(fixtures, name));
      expectPandasData(compressed);
      expect(Array.from(float32View(compressed.table, 'age'))).toEqual(Array.from(float32View(plain.table, 'age')));
      expect(compressed.table.getChild('height')?.toArray()).toEqual(plain.table.getChild('height')?.toArray());
    }
    const raw = await readFile(join(fixtures, 'default.feather'));
    expect(raw.includes(Buffer.from('LZ4'))).toBe(false); // compression is recorded as an enum, not a name
    expect(raw.length).toBeLessThan((await readFile(join(fixtures, 'plain.feather'))).length);
  });

  it('reads a file URL and a file of several record batches', async () => {
    expectPandasData(await readDataset(pathToFileURL(join(fixtures, 'plain.feather'))));
    const batched = await readDataset(join(fixtures, 'batches.feather'));
    expect(batched.table.batches.length).toBe(expected.batchRows.length);
    expectPandasData(batched);
  });

  it('views uncompressed float32 columns and vectors in the file buffer without copying', () => {
    const bytes = readFileSync(join(fixtures, 'plain.feather'));
    const dataset = datasetFromIPC(bytes, { file: 'plain.feather' });
    const age = float32View(dataset.table, 'age');
    expect(age.buffer).toBe(bytes.buffer);
    expect(age.length).toBe(expected.rows);
    const vectorBytes = readFileSync(join(fixtures, 'vectors.feather'));
    const vectors = datasetFromIPC(vectorBytes, { file: 'vectors.feather' });
    const { values, size } = vectorView(vectors.table, 'features');
    expect(size).toBe(expected.vectorSize);
    expect(values.buffer).toBe(vectorBytes.buffer);
    expect(Array.from(values.subarray(4, 8))).toEqual(expected.secondVector);
    const examples = datasetExamples(vectors, fitEncoding(vectors));
    expect(examples.x?.buffer).toBe(vectorBytes.buffer);
    expect(examples.shape).toEqual([expected.vectorSize]);
    // A float64 column and a compressed file cannot be views: they are converted or decompressed copies.
    expect(float32View(dataset.table, 'height').buffer).not.toBe(bytes.buffer);
  });

  it("writes a Feather V2 (Arrow IPC) file with pyarrow's schema and metadata, which reads back the same", async () => {
    const dataset = await readDataset(join(fixtures, 'default.feather'));
    await writeDataset(join(dir, 'from-js.feather'), dataset);
    const bytes = await readFile(join(dir, 'from-js.feather'));
    // The IPC file format (Feather V2): the magic at both ends, as pyarrow.feather.read_table expects.
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    expect(bytes.subarray(-6).toString('latin1')).toBe('ARROW1');
    // Read by Arrow's generic reader, the written file has the field types and bcml metadata pyarrow wrote.
    const written = tableFromIPC(bytes);
    const original = tableFromIPC(await readFile(join(fixtures, 'plain.feather')));
    const fields = (table: Table): string[] => table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);
    expect(fields(written)).toEqual(fields(original));
    expect(String(written.schema.fields.find((f) => f.name === 'age')?.type)).toBe('Float32');
    for (const key of ['bcml.task', 'bcml.classes', 'bcml.feature_names']) {
      expect(written.schema.metadata.get(key), key).toBe(original.schema.metadata.get(key));
    }
    expect(written.numRows).toBe(expected.rows);
    const label = written.getChild('label');
    let dogs = 0;
    for (let row = 0; row < written.numRows; row += 1) if (label?.get(row) === 'dog') dogs += 1;
    expect(dogs).toBe(expected.dogs);
    expectPandasData(await readDataset(join(dir, 'from-js.feather')));
    // Uncompressed (pyarrow rejects the compressed bodies apache-arrow writes), so readers view it without copying.
    expect(float32View(datasetFromIPC(bytes, { file: 'from-js.feather' }).table, 'age').buffer).toBe(bytes.buffer);
  });
});

describe('streaming record batches', () => {
  it('yields a file record batch by record batch, validated, with file row offsets', async () => {
    const parts: DatasetPart[] = [];
    for await (const part of streamDataset(join(fixtures, 'batches.feather'))) parts.push(part);
    expect(parts.map((p) => [p.index, p.rowOffset, p.info.rows])).toEqual(
      expected.batchRows.map((rows, i) => [i, batchOffsets[i], rows]),
    );
    expect(parts.map((p) => p.ids[0])).toEqual(expected.batchFirstIds);
    expect(parts.every((p) => p.info.classes.join() === 'cat,dog')).toBe(true);
  });

  it('streams the IPC stream format from disk', async () => {
    let rows = 0;
    let parts = 0;
    for await (const part of streamDataset(join(fixtures, 'vectors.arrows'))) {
      expect(part.info.features).toEqual({ kind: 'vector', column: 'features', size: expected.vectorSize });
      rows += part.info.rows;
      parts += 1;
    }
    expect(rows).toBe(expected.vectorRows);
    expect(parts).toBe(expected.vectorStreamBatches);
  });
});

describe('reading from an http(s) URL', () => {
  let server: LocalServer;
  let fileBytes: Uint8Array;

  beforeAll(async () => {
    fileBytes = await readFile(join(fixtures, 'default.feather'));
    const streamBytes = await readFile(join(fixtures, 'vectors.arrows'));
    server = await startServer({
      '/data/default.feather': { body: fileBytes },
      '/data/slow.feather': { body: await readFile(join(fixtures, 'batches.feather')), chunkSize: 1000 },
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
    expect(offsets).toEqual(batchOffsets);
    let rows = 0;
    for await (const part of streamDataset(new URL(`${server.url}/data/vectors.arrows`))) rows += part.info.rows;
    expect(rows).toBe(expected.vectorRows);
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
