import { describe, expect, it } from 'vitest';

import { buildModel, describeModel } from '@bcml/models';

import { expectNoLeak } from './support.js';

describe('describeModel', () => {
  it('lists layers, output shapes and parameter counts, and prints them as a table', async () => {
    await expectNoLeak(() => {
      const model = buildModel(
        { kind: 'mlp', hidden: [64], dropout: 0.1 },
        { inputShape: [104], numClasses: 2, seed: 1 },
      );
      const summary = describeModel(model);
      expect(summary.layers).toEqual([
        { name: 'input', className: 'InputLayer', outputShape: [null, 104], params: 0 },
        { name: 'hidden_1', className: 'Dense', outputShape: [null, 64], params: 6720 },
        { name: 'dropout_1', className: 'Dropout', outputShape: [null, 64], params: 0 },
        { name: 'logits', className: 'Dense', outputShape: [null, 2], params: 130 },
      ]);
      expect(summary.text).toBe(
        [
          'model mlp: input [null, 104] → output [null, 2]',
          'layer      class       output shape  params',
          'input      InputLayer  [null, 104]        0',
          'hidden_1   Dense       [null, 64]      6720',
          'dropout_1  Dropout     [null, 64]         0',
          'logits     Dense       [null, 2]        130',
          'params: 6850 (trainable 6850, non-trainable 0)',
        ].join('\n'),
      );
      model.dispose();
    });
  });
});
