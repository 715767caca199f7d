import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { createDatasetTable, writeDataset } from '@bcml/data';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

import { datasetResolver, idSourceOf, netrcAuthorization, parseNetrc } from '@bcml/workers';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-dataset-resolver-'));
const folder = join(tmp, 'credit');
const spec = (uri: string, testSplit = 'test') => ({ uri, trainSplit: 'train', testSplit });

/** A small table of the convention: one numeric and one categorical feature, classes no/yes. */
function table(ids: number[], ages: number[], colours: string[], labels: number[], classes = ['no', 'yes']) {
  return createDatasetTable({ ids, labels, classes, columns: { age: Float64Array.from(ages), colour: colours } });
}

beforeAll(async () => {
  mkdirSync(folder);
  await writeDataset(
    join(folder, 'train.arrow'),
    table([0, 1, 2, 3], [20, 30, 40, 50], ['red', 'blue', 'red', 'green'], [0, 1, 0, 1]),
  );
  await writeDataset(join(folder, 'test.arrow'), table([10, 11], [30, 70], ['blue', 'red'], [1, 0]));
  await writeDataset(join(tmp, 'flat-train.arrow'), table([0, 1], [1, 3], ['a', 'b'], [0, 1]));
  await writeDataset(join(tmp, 'flat-test.arrow'), table([5], [2], ['a'], [1]));
  mkdirSync(join(tmp, 'three-classes'));
  await writeDataset(join(tmp, 'three-classes', 'train.arrow'), table([0, 1], [1, 2], ['a', 'b'], [0, 1]));
  await writeDataset(join(tmp, 'three-classes', 'test.arrow'), table([5], [2], ['a'], [2], ['no', 'yes', 'maybe']));
  // An Arrow file without the label column: outside the convention.
  mkdirSync(join(tmp, 'no-label'));
  const noLabel = tableFromArrays({ id: Uint32Array.from([0, 1]), age: Float64Array.from([1, 2]) });
  writeFileSync(join(tmp, 'no-label', 'train.arrow'), tableToIPC(noLabel, 'file'));
  writeFileSync(join(tmp, 'no-label', 'test.arrow'), tableToIPC(noLabel, 'file'));
  mkdirSync(join(tmp, 'empty'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('datasetResolver: Arrow files of the convention', () => {
  it('reads a folder of <split>.arrow files, encoding every split with the training split’s encoding', async () => {
    const data = await datasetResolver()(spec(folder));
    expect(data.classes).toEqual(['no', 'yes']);
    expect(Object.keys(data.splits).sort()).toEqual(['test', 'train']);
    const train = data.splits['train']!;
    const test = data.splits['test']!;
    // age standardised with train's mean 35 and its std; colour one-hot over train's 3 categories.
    expect(train.examples.shape).toEqual(test.examples.shape);
    expect(train.examples.shape).toEqual([4]);
    expect(Array.from(train.examples.y)).toEqual([0, 1, 0, 1]);
    expect(Array.from(test.examples.y)).toEqual([1, 0]);
    // Test row 0 (age 30, blue) equals train row 1 (age 30, blue) only under one shared encoding: the test split's
    // own statistics (mean age 50, two colours) would encode it differently.
    const trainRow = new Float32Array(4);
    const testRow = new Float32Array(4);
    train.examples.gather([1], trainRow);
    test.examples.gather([0], testRow);
    expect(Array.from(testRow)).toEqual(Array.from(trainRow));
    expect(trainRow[0]).toBeCloseTo(-5 / Math.sqrt(125), 5);
    expect(Array.from(test.examples.ids)).toEqual([10, 11]);
    expect(data.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await datasetResolver()(spec(pathToFileURL(folder).href));
    expect(again.sha256).toBe(data.sha256);
  });

  it('describes each split’s instances by id with their raw values, for the evaluation files', async () => {
    const { describers } = await datasetResolver()(spec(folder));
    expect(describers?.['test']?.(10)).toBe('age 30 · colour blue');
    expect(describers?.['train']?.(3)).toBe('age 50 · colour green');
    expect(describers?.['test']?.(3)).toBeUndefined();
  });

  it('gives an image dataset’s images by id, for the report, and no descriptions', async () => {
    const dir = join(tmp, 'pictures');
    mkdirSync(dir);
    for (const [split, ids] of [
      ['train', [0, 1]],
      ['test', [7]],
    ] as const) {
      const values = Uint8Array.from({ length: ids.length * 4 }, (_, k) => 10 * ids[Math.floor(k / 4)]! + (k % 4));
      const image = { values, shape: [2, 2, 1] };
      await writeDataset(
        join(dir, `${split}.arrow`),
        createDatasetTable({ ids, labels: [...ids].fill(0), classes: ['a', 'b'], image }),
      );
    }
    const data = await datasetResolver()(spec(dir));
    expect(data.describers).toEqual({});
    expect(Object.keys(data.images ?? {}).sort()).toEqual(['test', 'train']);
    expect(Array.from(data.images?.['test']?.pixels(7) ?? [])).toEqual([70, 71, 72, 73]);
    expect(data.images?.['train']?.pixels(7)).toBeNull();
  });

  it('reads a {split} template and caches per process', async () => {
    const resolve = datasetResolver();
    const uri = join(tmp, 'flat-{split}.arrow');
    const data = await resolve(spec(uri));
    expect(Object.keys(data.splits).sort()).toEqual(['test', 'train']);
    expect(data.splits['test']?.examples.size).toBe(1);
    expect(await resolve(spec(uri))).toBe(data);
  });

  it('still resolves bundled datasets', async () => {
    const data = await datasetResolver()(spec('bcml:datasets/german-credit'));
    expect(data.classes.length).toBe(2);
    expect(data.splits['train']?.examples.size).toBeGreaterThan(500);
    const id = data.splits['test']!.examples.ids[0]!;
    expect(data.describers?.['test']?.(id)).toMatch(
      /^checking_status A1\d · duration_months \d+ · credit_history A3\d · /,
    );
  });

  it('rejects what is not a dataset with an InvalidInputError naming dataset.uri', async () => {
    const resolve = datasetResolver();
    expect((await rejection(resolve(spec(join(tmp, 'nope'))))).field).toBe('dataset.uri');
    expect((await rejection(resolve(spec(join(tmp, 'empty'))))).message).toContain('<split>.arrow');
    const missing = await rejection(resolve(spec(join(tmp, 'flat-{split}.arrow'), 'dev')));
    expect(missing.field).toBe('dataset.uri');
    expect(missing.message).toContain('flat-dev.arrow');
    const noLabel = await rejection(resolve(spec(join(tmp, 'no-label'))));
    expect(noLabel.field).toBe('dataset.uri');
    expect(noLabel.message).toMatch(/label/);
    const classes = await rejection(resolve(spec(join(tmp, 'three-classes'))));
    expect(classes.message).toContain('same classes');
    expect((await rejection(resolve(spec('https://example.invalid/data.arrow')))).message).toContain('{split}');
    expect((await rejection(resolve({ uri: folder, trainSplit: 'dev', testSplit: 'test' }))).field).toBe(
      'dataset.trainSplit',
    );
  });
});

describe('datasetResolver: http(s) files behind basic auth', () => {
  let server: Server;
  let base: string;
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('alice:s3cr3t').toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic' }).end();
        return;
      }
      res.end(readFileSync(join(tmp, (req.url ?? '').slice(1))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the netrc entry's Authorization header, and a 401 without it is bad input naming dataset.uri", async () => {
    const uri = `${base}/flat-{split}.arrow`;
    const httpAuthorization = netrcAuthorization(parseNetrc('machine 127.0.0.1 login alice password s3cr3t'));
    const data = await datasetResolver({ httpAuthorization })(spec(uri));
    expect(data.splits['train']?.examples.size).toBe(2);
    const refused = await rejection(datasetResolver()(spec(uri)));
    expect(refused.field).toBe('dataset.uri');
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('HTTP 401');
    expect(seen.at(-1)).toBeUndefined();
  });
});

/** Feather files written by pandas (test/fixtures/pandas/make_pandas_datasets.py): no id column. */
const pandas = fileURLToPath(new URL('../../test/fixtures/pandas/', import.meta.url));

describe('datasetResolver: files as pandas writes them (dataset.label, dataset.imageShape)', () => {
  it('reads a categorical label in a custom column, with row-position ids per split', async () => {
    const data = await datasetResolver()({ ...spec(join(pandas, 'credit')), label: 'outcome' });
    expect(data.classes).toEqual(['rejected', 'approved']);
    expect(data.idSources).toEqual({ train: 'row-position', test: 'row-position' });
    expect(idSourceOf(data, ['train', 'test'])).toBe('row-position');
    expect(idSourceOf({ ...data, idSources: { test: 'row-position' } }, ['train', 'test'])).toBe(
      'train=column,test=row-position',
    );
    const test = data.splits['test']!.examples;
    expect(test.ids[0]).toBe(0);
    expect(test.ids[test.size - 1]).toBe(test.size - 1);
    expect(test.shape).toEqual([2]);
    // The pandas string column is kept for display: the description shows it after the features.
    expect(data.describers?.['test']?.(0)).toMatch(/^age \d+ · income -?\d+(\.\d+)? · region (north|south|east)$/);
  });

  it('folds pixel columns into an image with dataset.imageShape', async () => {
    const data = await datasetResolver()({ ...spec(join(pandas, 'digits')), label: 'digit', imageShape: [8, 8, 1] });
    expect(data.classes).toEqual(['0', '1', '2']);
    expect(data.splits['train']!.examples.shape).toEqual([8, 8, 1]);
    expect(data.splits['test']!.examples.shape).toEqual([8, 8, 1]);
    // Images have no text description: the evaluation files say `instance <id>`.
    expect(data.describers).toEqual({});
  });

  it('names dataset.label and dataset.imageShape when they do not fit the files, before any training', async () => {
    const resolve = datasetResolver();
    const missing = await rejection(resolve({ ...spec(join(pandas, 'credit')), label: 'target' }));
    expect(missing.field).toBe('dataset.label');
    expect(missing.message).toContain('column "target" (dataset.label): missing');
    const nulls = await rejection(resolve({ ...spec(join(pandas, 'credit-nulls')), label: 'outcome' }));
    expect(nulls.field).toBe('dataset.label');
    expect(nulls.message).toContain('column "outcome" (dataset.label), row 3');
    const shape = await rejection(
      resolve({ ...spec(join(pandas, 'digits')), label: 'digit', imageShape: [28, 28, 1] }),
    );
    expect(shape.field).toBe('dataset.imageShape');
    expect(shape.message).toContain('the 64 feature columns');
    expect(shape.message).toContain('received "[28,28,1]"');
    const bundled = await rejection(resolve({ ...spec('bcml:datasets/german-credit'), label: 'outcome' }));
    expect(bundled.field).toBe('dataset.label');
  });
});
