import {
  EVALUATION_SCHEMA,
  type Evaluation,
  type EvaluationCounts,
  type EvaluationErrorOverlap,
  type EvaluationScores,
  InvalidInputError,
  type ProportionRecord,
} from '@bcml/core';

/** One class of one (point, split): accuracies, flips and the incompatible ids, for the charts and flip table. */
export interface PointClass {
  /** Class index c. */
  readonly index: number;
  /** Class name (text). */
  readonly name: string;
  /** n_c. */
  readonly count: number;
  readonly accuracyH1: ProportionRecord | null;
  readonly accuracyH2: ProportionRecord | null;
  readonly btc: ProportionRecord | null;
  /** NF_c: h1 right, h2 wrong. */
  readonly negativeFlips: number;
  /** PF_c: h1 wrong, h2 right. */
  readonly positiveFlips: number;
  /** h1's errors in the class. */
  readonly h1Errors: number;
  /** h2's errors in the class. */
  readonly h2Errors: number;
  /** Ids of the NF_c incompatible instances. */
  readonly incompatibleIds: readonly number[];
}

/** An error instance as a compact row: [id, label, h1 prediction, h2 prediction, metadata]. */
export type ErrorRow = readonly [id: number, label: number, h1: number, h2: number, metadata: string];

/** The data of one (point, split) that the page loads on demand (`data/<key>.js`). */
export interface PointData {
  /** The dot key `p<point>-s<split>`. */
  readonly key: string;
  readonly pointId: string;
  readonly split: string;
  readonly n: number;
  readonly counts: EvaluationCounts;
  readonly scores: EvaluationScores;
  /** Error ids of the Venn regions. */
  readonly overlap: EvaluationErrorOverlap;
  readonly classes: readonly PointClass[];
  /** Every instance either model gets wrong, in id order. */
  readonly errors: readonly ErrorRow[];
}

function checkClass(value: number, numClasses: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
    throw new InvalidInputError(field, `a class index in [0, ${numClasses})`, value);
  }
}

/**
 * The page data of an evaluation file: per-class flips (PF_c and errors per model counted from the error
 * instances), compact error rows, class names from the evaluation (else `classNames`, else `class <c>`).
 * Validates the schema tag, the classes and the instances; a bad file is an `InvalidInputError`.
 */
export function buildPointData(key: string, evaluation: Evaluation, classNames: readonly string[]): PointData {
  const schema: unknown = evaluation.schema; // checked at run time: the evaluation may come from any file
  if (schema !== EVALUATION_SCHEMA) throw new InvalidInputError('evaluation.schema', `"${EVALUATION_SCHEMA}"`, schema);
  const numClasses = Math.max(evaluation.perClass.length, classNames.length);
  const positiveFlips = new Array<number>(numClasses).fill(0);
  const h1Errors = new Array<number>(numClasses).fill(0);
  const h2Errors = new Array<number>(numClasses).fill(0);
  const errors: ErrorRow[] = evaluation.errors.map((e, i) => {
    checkClass(e.label, numClasses, `evaluation.errors[${i}].label`);
    checkClass(e.h1, numClasses, `evaluation.errors[${i}].h1`);
    checkClass(e.h2, numClasses, `evaluation.errors[${i}].h2`);
    if (!Number.isSafeInteger(e.id) || e.id < 0) {
      throw new InvalidInputError(`evaluation.errors[${i}].id`, 'a non-negative integer', e.id);
    }
    const c = e.label;
    if (e.h1 !== c) h1Errors[c] = (h1Errors[c] ?? 0) + 1;
    if (e.h2 !== c) h2Errors[c] = (h2Errors[c] ?? 0) + 1;
    if (e.h1 !== c && e.h2 === c) positiveFlips[c] = (positiveFlips[c] ?? 0) + 1;
    const metadata: unknown = e.metadata;
    return [e.id, e.label, e.h1, e.h2, typeof metadata === 'string' ? metadata : String(metadata)];
  });
  const byIndex = new Map(evaluation.perClass.map((c) => [c.index, c]));
  const classes: PointClass[] = Array.from({ length: numClasses }, (_, index) => {
    const c = byIndex.get(index);
    return {
      index,
      name: c?.name ?? classNames[index] ?? `class ${index}`,
      count: c?.count ?? 0,
      accuracyH1: c?.accuracyH1 ?? null,
      accuracyH2: c?.accuracyH2 ?? null,
      btc: c?.btc ?? null,
      negativeFlips: c?.incompatibleCount ?? 0,
      positiveFlips: positiveFlips[index] ?? 0,
      h1Errors: h1Errors[index] ?? 0,
      h2Errors: h2Errors[index] ?? 0,
      incompatibleIds: c?.incompatibleIds ?? [],
    };
  });
  return {
    key,
    pointId: evaluation.pointId,
    split: evaluation.split,
    n: evaluation.n,
    counts: evaluation.counts,
    scores: evaluation.scores,
    overlap: evaluation.errorOverlap,
    classes,
    errors,
  };
}
