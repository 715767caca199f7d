import { describe, expect, it } from 'vitest';

import { isLocationIndependent, locationIndependentUriAt } from '@bcml/core';

describe('location-independent URIs', () => {
  it('accept only location-independent URIs', () => {
    for (const uri of [
      'mlflow-artifacts:/1/r/artifacts/x',
      'runs:/r/x',
      'models:/m@a',
      'bcml:datasets/adult',
      's3://b/k',
      'https://h/x',
    ]) {
      expect(isLocationIndependent(uri)).toBe(true);
    }
    for (const uri of ['file:///tmp/x', '/tmp/x', 'relative/x', 'C:/x', ''])
      expect(isLocationIndependent(uri)).toBe(false);
    expect(() => locationIndependentUriAt('prepared.h1OutputsUri', 'file:///work/h1')).toThrow(
      /invalid prepared\.h1OutputsUri: expected a location-independent URI/,
    );
  });
});
