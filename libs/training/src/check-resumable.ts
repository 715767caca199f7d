import { InvalidInputError, type TrainingSpec } from '@bcml/core';

import { type Checkpoint } from './checkpoint.js';
import { firstDifferingKey } from './first-differing-key.js';

/** Refuses a checkpoint of another spec (epochs aside), of other data, or past the spec's epochs. */
export function checkResumable(
  saved: Checkpoint & { readonly path: string },
  spec: TrainingSpec,
  trainingSize: number,
): void {
  const differing = firstDifferingKey(saved.spec, spec, ['epochs']);
  if (differing !== undefined) {
    throw new InvalidInputError(
      'checkpoint',
      `a checkpoint of the same training spec (epochs aside) in ${saved.path}`,
      `one whose ${differing} is ${JSON.stringify(saved.spec[differing]) ?? 'absent'}, not ${JSON.stringify(spec[differing]) ?? 'absent'}`,
    );
  }
  if (saved.trainingSize !== trainingSize) {
    throw new InvalidInputError('checkpoint', `a checkpoint of ${trainingSize} training examples`, saved.trainingSize);
  }
  if (saved.epoch > spec.epochs) {
    throw new InvalidInputError(
      'checkpoint',
      `at most ${spec.epochs} completed epochs (the spec's epochs)`,
      saved.epoch,
    );
  }
}
