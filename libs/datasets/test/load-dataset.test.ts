import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { allExamples, batches, datasetExamples, type Dataset, encodedFeatureNames } from '@bcml/data';
import { DEFAULT_DATA_DIR, loadDataset } from '@bcml/datasets';

let cacheDir: string;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'bcml-datasets-'));
});

afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

/** The number of rows of each class. */
function classCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(dataset.info.classes.length).fill(0);
  for (const y of dataset.labels) counts[y]! += 1;
  return counts;
}

/** PROVENANCE.md of a dataset, to check that the numbers tested are the documented ones. */
const provenance = (folder: string): string => readFileSync(join(DEFAULT_DATA_DIR, folder, 'PROVENANCE.md'), 'utf8');

describe('UCI Adult', () => {
  it('has the standard split with the documented rows and class balance', async () => {
    const adult = await loadDataset('adult', { cacheDir });
    for (const figure of ['32,561', '16,281', '24,720', '7,841', '12,435', '3,846'])
      expect(provenance('adult')).toContain(figure);
    expect([adult.train.info.rows, adult.test.info.rows]).toEqual([32561, 16281]);
    expect(classCounts(adult.train)).toEqual([24720, 7841]);
    expect(classCounts(adult.test)).toEqual([12435, 3846]);
    expect(adult.train.info).toMatchObject({
      task: 'binary',
      classes: ['<=50K', '>50K'],
      name: 'adult',
      split: 'train',
    });
    expect(adult.test.info.split).toBe('test');
    expect(adult.train.info.featureNames).toHaveLength(14);
    expect([adult.train.ids[0], adult.test.ids[0], adult.test.ids[16280]]).toEqual([0, 32561, 48841]);
    expect(adult.test.table.getChild('workclass')?.get(0)).toBe('Private'); // ", " separators trimmed
  });

  it('fits the encoding on the training split only and stores it with both splits', async () => {
    const adult = await loadDataset('adult', { cacheDir });
    expect(adult.test.info.encoding).toEqual(adult.encoding);
    expect(adult.train.info.encoding).toEqual(adult.encoding);
    const age = adult.encoding.columns.find((c) => c.column === 'age');
    const trainAges = adult.train.table.getChild('age')!.toArray() as Float32Array;
    const mean = trainAges.reduce((s, a) => s + a, 0) / trainAges.length;
    expect(age).toMatchObject({ kind: 'standardize' });
    expect(age?.kind === 'standardize' ? age.mean : NaN).toBeCloseTo(mean, 9);
    const country = adult.encoding.columns.find((c) => c.column === 'native-country');
    expect(country?.kind === 'one-hot' ? country.categories.length : 0).toBe(41); // Holand-Netherlands is only in train
    const test = allExamples(datasetExamples(adult.test, adult.encoding));
    expect(test.shape).toEqual([16281, encodedFeatureNames(adult.encoding).length]);
    expect(test.x.every(Number.isFinite)).toBe(true);
  });

  it('can leave out the rows with missing values', async () => {
    const complete = await loadDataset('adult', { cacheDir, dropMissing: true });
    expect([complete.train.info.rows, complete.test.info.rows]).toEqual([30162, 15060]);
  });
});

describe('MNIST', () => {
  it('has 60,000 / 10,000 images of 28×28×1 with the documented labels', async () => {
    const mnist = await loadDataset('mnist', { cacheDir });
    expect([mnist.train.info.rows, mnist.test.info.rows]).toEqual([60000, 10000]);
    expect(classCounts(mnist.train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(classCounts(mnist.test)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(provenance('mnist')).toMatch(/\| train \|\s+5,923 \|\s+6,742 \|/);
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(mnist.test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(mnist.train.info.features).toEqual({ kind: 'image', column: 'image', shape: [28, 28, 1] });
    expect(mnist.encoding.columns).toEqual([{ kind: 'image', column: 'image', shape: [28, 28, 1], scale: 1 / 255 }]);
    const [first] = batches(datasetExamples(mnist.train, mnist.encoding), { batchSize: 32, seed: 1 });
    expect(first?.shape).toEqual([32, 28, 28, 1]);
    expect(Math.max(...first!.x)).toBeLessThanOrEqual(1);
    expect(Math.max(...first!.x)).toBeGreaterThan(0.9);
  });

  it('reads the cached images without copying them', async () => {
    const mnist = await loadDataset('mnist', { cacheDir });
    const pixels = mnist.test.table.getChild('image')!.data[0]!.children[0]!.values as Uint8Array;
    expect(pixels.length).toBe(10000 * 784);
    expect(pixels.buffer.byteLength).toBe(statSync(mnist.files.test).size); // a view over the bytes of the file
  });
});

describe('COMPAS', () => {
  it('has 7,214 rows (3,963 / 3,251) split 70/30 by class, without personal data', async () => {
    const compas = await loadDataset('compas', { cacheDir });
    expect(provenance('compas')).toContain('3,963 zeros');
    expect(compas.train.info.rows + compas.test.info.rows).toBe(7214);
    expect(compas.test.info.rows).toBe(2164);
    const counts = [classCounts(compas.train), classCounts(compas.test)];
    expect(counts[0]![0]! + counts[1]![0]!).toBe(3963);
    expect(counts[0]![1]! + counts[1]![1]!).toBe(3251);
    expect(counts[1]).toEqual([1189, 975]);
    expect(compas.train.info.classes).toEqual(['no-recidivism', 'recidivism']);
    expect(compas.train.info.displayColumns).toEqual(['decile_score', 'score_text', 'v_decile_score', 'v_score_text']);
    const columns = compas.train.table.schema.fields.map((f) => f.name);
    for (const personal of ['name', 'first', 'last', 'dob', 'c_case_number', 'r_case_number', 'vr_case_number']) {
      expect(columns).not.toContain(personal);
    }
    const ids = new Set([...compas.train.ids, ...compas.test.ids]);
    expect(ids.size).toBe(7214);
  });

  it('applies ProPublica’s filters on request: 6,172 rows', async () => {
    const filtered = await loadDataset('compas', { cacheDir, filter: 'propublica' });
    expect(provenance('compas')).toContain('6,172');
    expect(filtered.train.info.rows + filtered.test.info.rows).toBe(6172);
  });
});

describe('German credit', () => {
  it('has 1,000 rows, 700 good and 300 bad, split 700 / 300 keeping the class balance', async () => {
    const german = await loadDataset('german-credit', { cacheDir });
    expect(provenance('german-credit')).toContain('`1` = good (700, 70%) and `2` = bad (300, 30%)');
    expect([german.train.info.rows, german.test.info.rows]).toEqual([700, 300]);
    expect(classCounts(german.train)).toEqual([490, 210]);
    expect(classCounts(german.test)).toEqual([210, 90]);
    expect(german.train.info.classes).toEqual(['good', 'bad']);
    expect(german.train.info.featureNames).toHaveLength(20);
    const other = await loadDataset('german-credit', { cacheDir, seed: 1, testFraction: 0.2 });
    expect([other.train.info.rows, other.test.info.rows]).toEqual([800, 200]);
  });
});

describe('Diabetes 130-US', () => {
  it('has 101,766 encounters split by patient: no patient is in both splits', async () => {
    const diabetes = await loadDataset('diabetes', { cacheDir, target: 'readmitted' });
    expect(provenance('diabetes')).toContain('101,766');
    const total = diabetes.train.info.rows + diabetes.test.info.rows;
    expect(total).toBe(101766);
    const counts = classCounts(diabetes.train).map((c, k) => c + classCounts(diabetes.test)[k]!);
    expect(diabetes.train.info.classes).toEqual(['NO', '>30', '<30']);
    expect(counts).toEqual([54864, 35545, 11357]);
    const patients = (d: Dataset): Set<number> =>
      new Set(Array.from(d.table.getChild('patient_nbr')!.toArray() as Float64Array));
    const train = patients(diabetes.train);
    const test = patients(diabetes.test);
    expect(train.size + test.size).toBe(71518);
    for (const patient of test) expect(train.has(patient)).toBe(false);
    expect(Math.abs(diabetes.test.info.rows / total - 0.3)).toBeLessThan(0.01);
    expect(diabetes.train.info.featureNames).toEqual(
      expect.arrayContaining(['diag_1_group', 'admission_type_id', 'insulin']),
    );
    expect(diabetes.train.info.featureNames).not.toContain('weight');
  });

  it('predicts readmission within 30 days by default (11,357 positives)', async () => {
    const diabetes = await loadDataset('diabetes', { cacheDir });
    expect(diabetes.train.info).toMatchObject({ task: 'binary', classes: ['not-within-30-days', 'within-30-days'] });
    expect(classCounts(diabetes.train)[1]! + classCounts(diabetes.test)[1]!).toBe(11357);
  });
});
