import { DataType, type Schema } from 'apache-arrow';

import { fieldsOf, isNumericType, typeName } from './column-values.js';
import { type FeatureLayout } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/**
 * The feature columns folded into one image of `shape` (`[H, W]` gives `[H, W, 1]`): the layout must be numeric or
 * boolean columns, H·W·C of them, taken in order (row-major). Anything else is a `DatasetError` naming `option`
 * (the `imageShape` option as the caller names it) and the expected value.
 */
export function foldImageShape(
  layout: FeatureLayout,
  shape: readonly number[],
  where: { readonly file: string; readonly option: string; readonly schema: Schema },
): FeatureLayout {
  const { file, option, schema } = where;
  const valid =
    (shape.length === 2 || shape.length === 3) &&
    shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0);
  if (!valid) {
    throw DatasetError.mismatch({ file, option }, '[H, W] or [H, W, C] (positive integers)', JSON.stringify(shape));
  }
  const full = shape.length === 2 ? [...shape, 1] : [...shape];
  if (layout.kind !== 'columns') {
    throw DatasetError.mismatch(
      { file, option },
      'numeric feature columns to fold into an image',
      layout.kind === 'image' ? `an image column "${layout.column}"` : `a "${layout.column}" vector column`,
    );
  }
  for (const name of layout.columns) {
    const field = fieldsOf(schema).find((f) => f.name === name);
    if (field !== undefined && !isNumericType(field.type) && !DataType.isBool(field.type)) {
      throw DatasetError.mismatch(
        { file, column: name, option },
        'a numeric feature column (pixels folded into an image)',
        `a column of type ${typeName(field.type)}`,
      );
    }
  }
  const size = full.reduce((a, b) => a * b, 1);
  if (size !== layout.columns.length) {
    throw DatasetError.mismatch(
      { file, option },
      `a shape holding the ${layout.columns.length} feature columns (H·W·C = ${layout.columns.length})`,
      `${JSON.stringify(shape)} (${size} values)`,
    );
  }
  return { kind: 'columns', columns: layout.columns, shape: full };
}
