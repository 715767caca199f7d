import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  allExamples,
  csvRecords,
  csvToDataset,
  datasetExamples,
  fitEncoding,
  idxToDataset,
  importCsv,
  importIdx,
  parseIdx,
  readDataset,
} from '@bcml/data';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcml-data-converters-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An IDX file: header (magic, dims) then the bytes. */
function idx(type: number, dims: readonly number[], body: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

describe('CSV records', () => {
  it('handles CRLF, blank lines, RFC 4180 quotes (delimiters, doubled quotes and newlines inside), skipped lines', () => {
    const text = '|banner\r\na,b,c\r\n1,"x, y",3\r\n\r\n4,"say ""hi""","multi\nline"\r\n5,6,7';
    const records = [...csvRecords(text, { skipLines: 1 })];
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 2 },
      { fields: ['1', 'x, y', '3'], line: 3 },
      { fields: ['4', 'say "hi"', 'multi\nline'], line: 5 },
      { fields: ['5', '6', '7'], line: 7 },
    ]);
    expect([...csvRecords('1 2  3', { delimiter: ' ' })][0]?.fields).toEqual(['1', '2', '', '3']);
  });
});

describe('CSV to dataset', () => {
  const adultLike = [
    '39, State-gov, 77516, Bachelors, <=50K',
    '50, Self-emp-not-inc, 83311, ?, >50K',
    '38, Private, 215646, HS-grad, <=50K',
    '',
  ].join('\n');
  const columns = ['age', 'workclass', 'fnlwgt', 'education', 'income'];

  it('converts a headerless file with ", " separators and ? markers (Adult style)', () => {
    const dataset = csvToDataset(adultLike, {
      file: 'adult.data',
      header: false,
      columns,
      label: 'income',
      classes: ['<=50K', '>50K'],
    });
    expect(dataset.info).toMatchObject({
      rows: 3,
      task: 'binary',
      classes: ['<=50K', '>50K'],
      features: { kind: 'columns', columns: ['age', 'workclass', 'fnlwgt', 'education'] },
    });
    expect(Array.from(dataset.ids)).toEqual([0, 1, 2]);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 0]);
    const types = Object.fromEntries(dataset.table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      id: 'Int32',
      label: 'Int32',
      age: 'Float32',
      workclass: 'Dictionary<Int32, Utf8>',
      fnlwgt: 'Float32',
      education: 'Dictionary<Int32, Utf8>',
    });
    expect(dataset.table.getChild('education')?.get(1)).toBeNull();
    expect(dataset.table.getChild('workclass')?.get(1)).toBe('Self-emp-not-inc');
  });

  it('maps labels (adult.test trailing dots), starts ids at an offset, detects categories, keeps display columns', () => {
    const test = csvToDataset('|1x3 Cross validator\n' + adultLike.replace(/K(?=\n)/g, 'K.'), {
      header: false,
      skipLines: 1,
      columns,
      label: 'income',
      classes: ['<=50K', '>50K'],
      labelMap: { '<=50K.': '<=50K', '>50K.': '>50K' },
      idStart: 32561,
      display: ['fnlwgt'],
      categorical: ['age'],
    });
    expect(Array.from(test.ids)).toEqual([32561, 32562, 32563]);
    expect(Array.from(test.labels)).toEqual([0, 1, 0]);
    expect(test.info.displayColumns).toEqual(['fnlwgt']);
    expect(test.info.featureNames).toEqual(['age', 'workclass', 'education']);
    expect(String(test.table.getChild('age')?.type)).toBe('Dictionary<Int32, Utf8>');
  });

  it('reads a header with duplicate names (COMPAS style), an id column, quotes, CRLF and a row filter', () => {
    const csv = 'id,score,name,score,label\r\n7,1,"Doe, J",1,1\r\n9,5,"x",5,0\r\n12,,y,,1\r\n';
    const dataset = csvToDataset(csv, {
      label: 'label',
      id: 'id',
      display: ['score.1'],
      drop: ['name'],
      where: (get) => get('score') !== null,
    });
    expect(Array.from(dataset.ids)).toEqual([7, 9]);
    expect(dataset.info.featureNames).toEqual(['score']);
    expect(dataset.info.displayColumns).toEqual(['score.1']);
    expect(dataset.info.classes).toEqual(['0', '1']);
  });

  it('keeps numbers exact: Float64 when a value is not a float32, nulls for missing numbers', () => {
    const dataset = csvToDataset('x,y,label\n0.1,1,a\n?,2,b\n', { label: 'label' });
    expect(String(dataset.table.getChild('x')?.type)).toBe('Float64');
    expect(String(dataset.table.getChild('y')?.type)).toBe('Float32');
    expect(dataset.table.getChild('x')?.get(1)).toBeNull();
    expect(dataset.table.getChild('x')?.get(0)).toBe(0.1);
    const encoded = allExamples(datasetExamples(dataset, fitEncoding(dataset)));
    expect(encoded.x[2]).toBe(0); // null → the training mean → 0
  });

  it('reads gzipped bytes and writes an Arrow file (importCsv), space-separated (German credit style)', async () => {
    const input = join(dir, 'german.data.gz');
    await writeFile(input, gzipSync('A11 6 1\nA12 48 2\nA14 12 1\n'));
    const output = join(dir, 'german.arrow');
    const dataset = await importCsv(input, output, {
      delimiter: ' ',
      header: false,
      columns: ['checking', 'duration', 'class'],
      label: 'class',
      labelMap: { '1': 'good', '2': 'bad' },
      classes: ['good', 'bad'],
    });
    expect(dataset.file).toBe('german.data.gz');
    const back = await readDataset(output);
    expect(back.info).toEqual(dataset.info);
    expect(Array.from(back.labels)).toEqual([0, 1, 0]);
  });
});

describe('IDX to dataset', () => {
  const images = idx(0x08, [3, 2, 2], Uint8Array.of(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23));
  const labels = idx(0x08, [3], Uint8Array.of(5, 0, 9));

  it('parses IDX big-endian headers and element types, gzipped or not', () => {
    const parsed = parseIdx(gzipSync(images), 'x.gz');
    expect(parsed.type).toBe('uint8');
    expect(parsed.dims).toEqual([3, 2, 2]);
    expect(Array.from(parsed.data.subarray(4, 8))).toEqual([10, 11, 12, 13]);
    const ints = idx(0x0c, [2], Uint8Array.of(0, 0, 1, 0, 255, 255, 255, 254));
    expect(Array.from(parseIdx(ints).data)).toEqual([256, -2]);
    const floats = idx(0x0d, [1], Uint8Array.of(0x3f, 0xc0, 0, 0));
    expect(Array.from(parseIdx(floats).data)).toEqual([1.5]);
  });

  it('builds an image dataset viewing the decoded bytes, with classes 0..9 and the image shape', () => {
    const dataset = idxToDataset({ images, labels, idStart: 60000 });
    expect(dataset.info).toMatchObject({
      rows: 3,
      task: 'multiclass',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      features: { kind: 'image', column: 'image', shape: [2, 2, 1] },
    });
    expect(Array.from(dataset.ids)).toEqual([60000, 60001, 60002]);
    expect(Array.from(dataset.labels)).toEqual([5, 0, 9]);
    const pixels = dataset.table.getChild('image')!.data[0]!.children[0]!.values as Uint8Array;
    expect(pixels.buffer).toBe(images.buffer); // no copy of the image bytes
    expect(Array.from(allExamples(datasetExamples(dataset, fitEncoding(dataset, { imageScale: 1 })), [2]).x)).toEqual([
      20, 21, 22, 23,
    ]);
  });

  it('imports a pair of IDX files into an Arrow file (importIdx)', async () => {
    await writeFile(join(dir, 'img.idx.gz'), gzipSync(images));
    await writeFile(join(dir, 'lab.idx'), labels);
    const output = join(dir, 'mnist-like.arrow');
    await importIdx({ images: join(dir, 'img.idx.gz'), labels: join(dir, 'lab.idx') }, output, {
      metadata: { 'bcml.dataset': 'tiny' },
    });
    const back = await readDataset(output);
    expect(back.info.name).toBe('tiny');
    expect(back.info.features).toEqual({ kind: 'image', column: 'image', shape: [2, 2, 1] });
  });
});
