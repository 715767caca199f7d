import { type Table } from 'apache-arrow';

import { type DatasetTask } from './dataset-convention.js';
import { type DatasetEncoding } from './dataset-encoding.js';

/**
 * How a dataset's features are laid out: numeric/categorical columns (with `shape`, numeric columns folded into one
 * image `[H, W, C]`, row-major), one packed vector column, or an image column.
 */
export type FeatureLayout =
  | { readonly kind: 'columns'; readonly columns: readonly string[]; readonly shape?: readonly number[] }
  | { readonly kind: 'vector'; readonly column: string; readonly size: number }
  | { readonly kind: 'image'; readonly column: string; readonly shape: readonly number[] };

/** What the convention says about a table: task, classes, feature layout and the metadata it carries. */
export interface DatasetInfo {
  readonly rows: number;
  readonly task: DatasetTask;
  /** Class names; the label of a row is an index into this list. */
  readonly classes: readonly string[];
  readonly features: FeatureLayout;
  /** The feature columns, the names of the vector's components, or empty for an image. */
  readonly featureNames: readonly string[];
  /** Columns kept for display (reports), not used as features. */
  readonly displayColumns: readonly string[];
  /** The encoding stored in `bcml.encoding`, if the file carries one. */
  readonly encoding: DatasetEncoding | undefined;
  /** `bcml.dataset`, if present. */
  readonly name: string | undefined;
  /** `bcml.split`, if present. */
  readonly split: string | undefined;
  /** Where the ids come from: the `id` column, or the row position in the file when it has none. */
  readonly idSource: IdSource;
}

/** Where a dataset's ids come from: its `id` column, or the row position in its file (0, 1, …) when it has none. */
export type IdSource = 'column' | 'row-position';

/** A validated dataset: the Arrow table, what the convention says about it, and its ids and labels as arrays. */
export interface Dataset {
  /** The file (or URL) it came from, as error messages name it. */
  readonly file: string;
  readonly table: Table;
  readonly info: DatasetInfo;
  /** The `id` column (or the row positions, `info.idSource`), one unique id in [0, 2^32) per row. */
  readonly ids: Uint32Array;
  /** The labels as class indices in [0, classes.length). */
  readonly labels: Int32Array;
}
