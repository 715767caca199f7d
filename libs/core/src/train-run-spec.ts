import { InvalidInputError } from './bcml-error.js';
import { nameAt } from './json-fields.js';
import { parseH1Spec, type H1Spec } from './h1-spec.js';
import { isPresent, optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { parseSweepDatasetSpec, type SweepDatasetSpec } from './sweep-spec.js';
import { parseTrackingSpec, type TrackingSpec } from './tracking-spec.js';
import { trainingShapeKeys } from './training-shape.js';
import { parseTrainingSpec, type TrainingSpec } from './training-spec.js';

/**
 * One model trained on a dataset and logged to MLflow with its model (`bcml train spec.json`): a plain baseline
 * (no h1, λ = 0), or an h2 trained against an h1 with a compatibility loss. The training fields sit at the top level
 * of the spec file, as a `TrainingSpec` with `loss`, `lambda` and `seed` optional.
 */
export interface TrainRunSpec {
  /** Names the MLflow run, and the experiment unless `tracking.experiment` does. */
  readonly name: string;
  /** Trains on `trainSplit`, scores `testSplit` after each epoch. */
  readonly dataset: SweepDatasetSpec;
  /** The architecture, optimizer, epochs, batch sizes, loss, λ, options, seed and head, defaults applied. */
  readonly training: TrainingSpec;
  /**
   * The model to stay compatible with (λ > 0) or to measure BTC and NFR against, as a sweep names it (a saved model
   * or a predictions file); absent for a plain baseline.
   */
  readonly h1?: H1Spec;
  /** Default: the experiment named after the run. */
  readonly tracking: TrackingSpec;
}

/** The values omitted training fields of a `bcml train` spec take: a plain baseline (its loss reduces to the base). */
export const trainRunSpecDefaults = { loss: 'new-error/cross-entropy', lambda: 0, seed: 0 } as const;

const trainingKeys = [...trainingShapeKeys, 'loss', 'lambda', 'lossOptions', 'seed', 'head'];
const specKeys = ['name', 'dataset', ...trainingKeys, 'h1', 'tracking'];

/**
 * Validates a `bcml train` spec (parsed JSON) with defaults applied (`trainRunSpecDefaults`, `sweepSpecDefaults`'
 * splits, the experiment named after the run). Unknown keys, bad training fields (`parseTrainingSpec`'s checks at the
 * top level: `epochs`, `model.hidden`, …), bad URIs and λ > 0 without `h1` throw an `InvalidInputError` naming the
 * field. What needs the data or h1 (files, shapes, widths) is checked before training starts.
 */
export function parseTrainRunSpec(value: unknown): TrainRunSpec {
  const record = recordAt('spec', value, 'a training run spec object');
  rejectUnknownKeys('', record, specKeys, { owner: 'a bcml train spec' });
  const name = nameAt('name', requiredAt('', record, 'name'));
  const dataset = parseSweepDatasetSpec(requiredAt('', record, 'dataset'));
  const picked: Record<string, unknown> = { ...trainRunSpecDefaults };
  for (const key of trainingKeys) if (isPresent(record, key)) picked[key] = record[key];
  const training = parseTrainingSpec(picked, '');
  const h1 = optionalAt(record, 'h1', (v) => parseH1Spec('h1', v));
  if (h1 === undefined && training.lambda !== 0) {
    throw new InvalidInputError(
      'lambda',
      '0 without "h1" (λ weighs the dissonance with h1: add "h1": { "uri": … } to train against one)',
      training.lambda,
    );
  }
  const tracking = optionalAt(record, 'tracking', (v) => parseTrackingSpec(v, 'tracking', name), {
    experiment: name,
  });
  return { name, dataset, training, ...(h1 === undefined ? {} : { h1 }), tracking };
}
