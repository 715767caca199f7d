/**
 * How a dataset's columns are read when they are not the convention's defaults (`readDataset`, `validateDataset`):
 * a label column of another name, and numeric feature columns (pixels) folded into one image.
 */
export interface DatasetColumnOptions {
  /** The label column (default `label`). */
  readonly label?: string | undefined;
  /** Folds the numeric feature columns, in order (row-major), into one image `[H, W]` or `[H, W, C]`. */
  readonly imageShape?: readonly number[] | undefined;
  /** How errors name these options: the spec fields they came from (default `label` and `imageShape`). */
  readonly optionNames?: { readonly label?: string; readonly imageShape?: string } | undefined;
}
