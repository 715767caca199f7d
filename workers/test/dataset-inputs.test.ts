import { describe, expect, it } from 'vitest';

import { datasetDisplayName } from '@bcml/workers';

describe('datasetDisplayName', () => {
  it('names bundled datasets by their name and files by their last path segment, without split or extension', () => {
    expect(datasetDisplayName('bcml:datasets/adult')).toBe('adult');
    expect(datasetDisplayName('/data/credit-{split}.arrow')).toBe('credit');
    expect(datasetDisplayName('/data/credit/{split}.arrow')).toBe('credit');
    expect(datasetDisplayName('file:///data/credit/')).toBe('credit');
    expect(datasetDisplayName('https://host.example/d/loans.feather?token=abc')).toBe('loans');
    expect(datasetDisplayName('{split}.arrow')).toBe('dataset');
  });
});
