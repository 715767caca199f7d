import { InvalidInputError } from '@bcml/core';

import { type LabelledData } from './labelled-data.js';

/** Plain typed arrays of a labelled dataset: ids, row-major features, labels and one example's shape. */
export interface DataArrays {
  readonly ids: Uint32Array;
  /** `ids.length × product(shape)` values, row-major. */
  readonly x: Float32Array;
  readonly y: Int32Array;
  /** One example's feature shape, e.g. `[104]` or `[28, 28, 1]`. */
  readonly shape: readonly number[];
  readonly numClasses: number;
}

/** Labelled data over plain typed arrays (no Arrow table): for synthetic data, tests and callers outside `@bcml/data`. */
export function dataFromArrays(arrays: DataArrays): LabelledData {
  const { ids, x, y, shape, numClasses } = arrays;
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidInputError('shape', 'positive integer dimensions', `[${shape.join(', ')}]`);
  }
  const width = shape.reduce((a, b) => a * b, 1);
  const size = ids.length;
  if (y.length !== size) throw new InvalidInputError('y', `${size} labels (one per id)`, y.length);
  if (x.length !== size * width) {
    throw new InvalidInputError('x', `${size * width} values (${size} ids × ${width})`, x.length);
  }
  return {
    numClasses,
    examples: {
      size,
      ids,
      y,
      shape: [...shape],
      width,
      x,
      gather(rows: ArrayLike<number>, out: Float32Array): void {
        for (let b = 0; b < rows.length; b += 1) {
          const from = rows[b]! * width;
          out.set(x.subarray(from, from + width), b * width);
        }
      },
    },
  };
}
