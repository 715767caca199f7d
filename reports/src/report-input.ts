import type { Evaluation, SweepSummary } from '@bcml/core';

import type { ReportMode } from './report-model.js';
import type { ReportVerdict } from './report-verdict.js';

/** The image column of a dataset: fixed-size uint8 images, looked up by split and instance id. */
export interface ReportImageColumn {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** The pixels of instance `id` of `split` (row-major, `width·height·channels` values), or null if unknown. */
  readonly pixels: (split: string, id: number) => Uint8Array | null;
}

/** What the report needs from the dataset beyond the result files: its image column, and instance descriptions. */
export interface ReportDataset {
  /** Rendered as PNG files for the error instances (`images/s<split>/<id>.png`). */
  readonly images?: ReportImageColumn;
  /**
   * A tabular instance's text for the error table's Metadata column (its feature values, `@bcml/data`'s
   * `instanceDescriber`), by split and id; `undefined` keeps the evaluation file's metadata (`instance <id>`).
   */
  readonly describe?: (split: string, id: number) => string | undefined;
}

/**
 * Where the evaluation files come from: a map from the paths the summary names (`evaluations/<point>/<split>.json`)
 * to their content, or a function that loads one (as `readResultFiles` returns).
 */
export type EvaluationLookup = ReadonlyMap<string, Evaluation> | ((path: string) => Evaluation | Promise<Evaluation>);

/** Options of `renderReport`. */
export interface RenderReportOptions {
  /** `sweep-summary.json`. */
  readonly summary: SweepSummary;
  /** The evaluation files the summary names. */
  readonly evaluations: EvaluationLookup;
  /** The dataset's image column (omit or null for tabular data). */
  readonly dataset?: ReportDataset | null;
  /** The folder to write: new, empty, or holding an earlier report (which is replaced). */
  readonly outDir: string;
  /** `sweep` (default): the compatibility analysis; `comparison`: h1 against one h2, no sweep. */
  readonly mode?: ReportMode;
  /** A regression check's verdict, shown as a PASS/FAIL banner with every check atop the page and kept in the manifest. */
  readonly verdict?: ReportVerdict;
}
