import { describe, expect, it } from 'vitest';

import { compatibilityLossNames, lossOptionKeys } from '@bcml/core';
import { getLoss, lossNames } from '@bcml/losses';

describe("core's copy of the loss registry", () => {
  it('names exactly the losses of @bcml/losses, in the same order', () => {
    expect([...compatibilityLossNames]).toEqual([...lossNames]);
  });

  it('gives each loss the options it accepts', () => {
    for (const name of compatibilityLossNames) {
      expect([...lossOptionKeys[name]].sort()).toEqual([...getLoss(name).optionNames].sort());
    }
  });
});
