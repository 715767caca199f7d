import type { CompatibilityLossName } from './compatibility-loss-names.js';
import { formatLambda } from './format-lambda.js';
import { lambdaGrid } from './lambda-grid.js';
import { compatibilityLossOf, type BaseLoss, type Dissonance } from './loss-grid.js';
import { lossOptionKeys, type TrainingLossOptions } from './loss-options.js';
import type { SweepSpec } from './sweep-spec.js';
import type { TrainingSpec } from './training-spec.js';

/** One grid point of a sweep: which loss and λ its h2 trains with. */
export interface PointSpec {
  /** `<dissonance>/<loss>/<λ label>`, e.g. `new-error/cross-entropy/0.25`: unique within the sweep. */
  readonly id: string;
  /** Position in the sweep's point order (dissonance, then loss, then λ). */
  readonly index: number;
  readonly dissonance: Dissonance;
  /** The base loss. */
  readonly loss: BaseLoss;
  /** The compatibility loss `dissonance/loss` (`@bcml/losses`' registry name). */
  readonly lossName: CompatibilityLossName;
  /** λ, the double nearest its exact decimal. */
  readonly lambda: number;
  /** λ's exact decimal (`formatLambda`): use it wherever λ is shown or named. */
  readonly lambdaLabel: string;
}

/** The id of a grid point, `<dissonance>/<loss>/<λ label>` (`new-error/cross-entropy/0.25`). */
export function pointId(dissonance: string, loss: string, lambda: number): string {
  return `${dissonance}/${loss}/${formatLambda(lambda)}`;
}

/** Every point of a parsed sweep spec, dissonance-major, then loss, then λ: dissonances × losses × λs of them. */
export function sweepPoints(spec: Pick<SweepSpec, 'sweep'>): PointSpec[] {
  const lambdas = lambdaGrid(spec);
  const points: PointSpec[] = [];
  for (const dissonance of spec.sweep.dissonances) {
    for (const loss of spec.sweep.losses) {
      const lossName = compatibilityLossOf(dissonance, loss);
      if (lossName === undefined) continue; // parseSweepSpec rejects such grids
      for (const lambda of lambdas) {
        const lambdaLabel = formatLambda(lambda);
        points.push({
          id: `${dissonance}/${loss}/${lambdaLabel}`,
          index: points.length,
          dissonance,
          loss,
          lossName,
          lambda,
          lambdaLabel,
        });
      }
    }
  }
  return points;
}

/** The complete `TrainingSpec` of one point: the sweep's h2 with the point's loss and λ, its options and the seed. */
export function pointTrainingSpec(spec: Pick<SweepSpec, 'h2' | 'seed'>, point: PointSpec): TrainingSpec {
  const { lossOptions, ...h2 } = spec.h2;
  const own: { -readonly [K in keyof TrainingLossOptions]: number } = {};
  for (const key of lossOptionKeys[point.lossName]) {
    const value = lossOptions?.[key];
    if (value !== undefined) own[key] = value;
  }
  return {
    ...h2,
    loss: point.lossName,
    lambda: point.lambda,
    ...(Object.keys(own).length === 0 ? {} : { lossOptions: own }),
    seed: spec.seed,
  };
}
