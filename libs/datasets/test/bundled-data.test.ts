import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { BUNDLED_FILES, DATASET_CARDS, DATASET_NAMES, DEFAULT_DATA_DIR } from '@bcml/datasets';

/** sha256 of the original (uncompressed) files, as each PROVENANCE.md lists them. */
const ORIGINALS: Readonly<Record<string, string>> = {
  'adult/adult.data.gz': '5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d',
  'adult/adult.test.gz': 'a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05',
  'adult/adult.names.gz': 'c248284c0b5de30c9e1958d6cdd168a34a654758b620e68f46aefa83fc0a576a',
  'mnist/train-images-idx3-ubyte.gz': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'mnist/train-labels-idx1-ubyte.gz': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  'mnist/t10k-images-idx3-ubyte.gz': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  'mnist/t10k-labels-idx1-ubyte.gz': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  'compas/compas-scores-two-years.csv.gz': 'f439bd5e8d1742c9ceacd4dec0d67d1b401f633138d2308955c6ae22f9656f47',
  'german-credit/german.data.gz': 'b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871',
  'german-credit/german.doc.gz': '69b92cb551111bc37098698288849c96f0fd87ce81a2e54451ff39aa1e53fe49',
  'diabetes/diabetic_data.csv.gz': '0689e7ec031237dc63031b938805c48377748761a3b26acab621567afa24df97',
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the bundled raw files', () => {
  it('decompress to the original bytes that PROVENANCE.md records (only the compression changed)', () => {
    for (const [path, expected] of Object.entries(ORIGINALS)) {
      const [folder] = path.split('/');
      const provenance = readFileSync(join(DEFAULT_DATA_DIR, folder!, 'PROVENANCE.md'), 'utf8');
      expect(provenance, path).toContain(expected);
      expect(sha256(gunzipSync(readFileSync(join(DEFAULT_DATA_DIR, path)))), path).toBe(expected);
    }
  });

  it('carry a PROVENANCE.md and a NOTE.md per dataset, and every file a loader reads', () => {
    for (const name of DATASET_NAMES) {
      const { folder, files } = BUNDLED_FILES[name];
      const present = readdirSync(join(DEFAULT_DATA_DIR, folder));
      expect(present).toEqual(expect.arrayContaining(['PROVENANCE.md', 'NOTE.md', ...files]));
      expect(DATASET_CARDS[name].name).toBe(name);
    }
  });

  it('keep the repository small (under 25 MB together)', () => {
    let bytes = 0;
    for (const folder of readdirSync(DEFAULT_DATA_DIR)) {
      for (const file of readdirSync(join(DEFAULT_DATA_DIR, folder)))
        bytes += statSync(join(DEFAULT_DATA_DIR, folder, file)).size;
    }
    expect(bytes).toBeLessThan(25 * 2 ** 20);
  });

  it('hold no personal data: the COMPAS copy has no name, date-of-birth or case-number column', () => {
    const header = gunzipSync(readFileSync(join(DEFAULT_DATA_DIR, 'compas', 'compas-scores-two-years.csv.gz')))
      .toString('utf8')
      .split('\r\n', 1)[0]!
      .split(',');
    for (const column of ['name', 'first', 'last', 'dob', 'c_case_number', 'r_case_number', 'vr_case_number']) {
      expect(header).not.toContain(column);
    }
    expect(header.length).toBe(46);
  });
});
