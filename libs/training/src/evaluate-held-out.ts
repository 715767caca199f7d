import { computeCompatibility, type Proportion } from '@bcml/metrics';
import { type LayersModel } from '@tensorflow/tfjs-layers';

import { predictedClasses } from './class-predictions.js';
import { type HeldOutScores } from './epoch-report.js';
import { type H1Outputs } from './h1-outputs.js';
import { inferLogits, type DataLogits } from './infer-logits.js';
import { type LabelledData } from './labelled-data.js';

/**
 * h2's accuracy and, when h1's outputs are given, h1's accuracy, BTC, BEC and NFR on `data` (`@bcml/metrics`,
 * pooled over the data). One inference pass of h2 in batches of `batchSize`; h1 is read from its cache.
 */
export async function evaluateHeldOut(
  model: LayersModel,
  data: LabelledData,
  h1Outputs: H1Outputs | undefined,
  options: { readonly batchSize: number; readonly signal?: AbortSignal | undefined },
): Promise<HeldOutScores> {
  return heldOutScores(await inferLogits(model, data, options), h1Outputs, data.numClasses);
}

/** `evaluateHeldOut`'s scores from h2's logits on the held-out data. */
export function heldOutScores(
  { ids, labels, logits, width }: DataLogits,
  h1Outputs: H1Outputs | undefined,
  numClasses: number,
): HeldOutScores {
  const h2 = predictedClasses(logits, width);
  const h1 = h1Outputs?.predictions(ids);
  const scores = computeCompatibility({ labels, h1: h1 ?? h2, h2, numClasses, ids });
  const value = (p: Proportion | null): number | null => p?.value ?? null;
  return {
    n: scores.n,
    accuracy: value(scores.accuracyH2),
    accuracyH1: h1 === undefined ? null : value(scores.accuracyH1),
    btc: h1 === undefined ? null : value(scores.btc),
    bec: h1 === undefined ? null : value(scores.bec),
    nfr: h1 === undefined ? null : value(scores.nfr),
  };
}
