import { InvalidInputError } from '@bcml/core';

/**
 * The names of the result files and folders, spelled once (DESIGN.md, "Result files"). A sweep's parent run holds
 * `h1-outputs/<split>.arrow`, `initial-model/<head>/`, `results/` (the summary and its evaluations) and `report/`;
 * each point's run holds `model/`, `predictions/<split>.arrow`, `evaluations/<split>.json` and `checkpoints/<epoch>/`.
 * A comparison's or regression check's run holds `results/` and `report/`.
 */
export const RESULT_FILES = {
  /** The summary, at the top of a results folder. */
  summary: 'sweep-summary.json',
  /** The results folder of a run: the summary and `evaluations/<point>/<split>.json`. */
  results: 'results',
  /** The report bundle's folder (`index.html` inside). */
  report: 'report',
  /** The report bundle's page. */
  reportIndex: 'index.html',
  /** h1's cached outputs, one `<split>.arrow` per split. */
  h1Outputs: 'h1-outputs',
  /** h2's initial weights, one saved model folder per head. */
  initialModel: 'initial-model',
  /** A point's trained model. */
  model: 'model',
  /** A point's predictions, one `<split>.arrow` per split. */
  predictions: 'predictions',
  /** Evaluation files: `<point>/<split>.json` in a results folder, `<split>.json` in a point's run. */
  evaluations: 'evaluations',
  /** A point's uploaded checkpoints, one epoch folder each. */
  checkpoints: 'checkpoints',
} as const;

/** Checks that each segment is a plain name (letters, digits, `.`, `_`, `-`; not `.` or `..`); `field` names it. */
function plainSegments(segments: readonly string[], fields: readonly string[], value: string): void {
  segments.forEach((segment, i) => {
    if (!/^[A-Za-z0-9._-]+$/.test(segment) || segment === '.' || segment === '..') {
      throw new InvalidInputError(fields[Math.min(i, fields.length - 1)] ?? 'path', 'plain path segments', value);
    }
  });
}

/** `<split>.arrow`: a split's file in `h1-outputs/` and `predictions/`. */
export function splitArrowFile(split: string): string {
  plainSegments([split], ['split'], split);
  return `${split}.arrow`;
}

/**
 * `evaluations/<point>/<split>.json`, the path of an evaluation file relative to the summary. The point id's
 * segments and the split must be plain names (letters, digits, `.`, `_`, `-`; not `.` or `..`).
 */
export function evaluationPath(pointId: string, split: string): string {
  const segments = [...pointId.split('/'), split];
  plainSegments(
    segments,
    segments.map((_, i) => (i < segments.length - 1 ? 'pointId' : 'split')),
    pointId,
  );
  return `${RESULT_FILES.evaluations}/${pointId}/${split}.json`;
}

/** `evaluations/<split>.json`, a point's evaluation file in its own run. */
export function pointEvaluationPath(split: string): string {
  plainSegments([split], ['split'], split);
  return `${RESULT_FILES.evaluations}/${split}.json`;
}

/** The point id's segments (`new-error/cross-entropy/0.25` → three folders), checked as plain names. */
export function pointSegments(pointId: string): string[] {
  const segments = pointId.split('/');
  plainSegments(segments, ['pointId'], pointId);
  return segments;
}
