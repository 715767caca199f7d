import { getColumn, listValues } from './column-values.js';
import { type Dataset } from './dataset.js';
import { rowLookup } from './row-lookup.js';

/** A dataset's images by instance id: fixed-size uint8 images, row-major `height × width × channels`. */
export interface InstanceImages {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** The pixels of instance `id` (a view, `width·height·channels` bytes), or null for an id the dataset lacks. */
  pixels(id: number): Uint8Array | null;
}

/**
 * The images of a dataset with an image column (`[H, W, C]` uint8, C ≤ 4), as the report draws its error instances;
 * undefined for other datasets (tabular ones, or numeric columns folded into an image, whose values are not bytes).
 */
export function instanceImages(dataset: Dataset): InstanceImages | undefined {
  const { features } = dataset.info;
  if (features.kind !== 'image') return undefined;
  const [height, width, channels = 1] = features.shape;
  const column = getColumn(dataset.table, features.column);
  if (height === undefined || width === undefined || column === null) return undefined;
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) return undefined;
  const size = height * width * channels;
  let values: Uint8Array | undefined;
  const rowOf = rowLookup(dataset);
  return {
    width,
    height,
    channels,
    pixels: (id) => {
      const row = rowOf(id);
      if (row === undefined) return null;
      values ??= listValues(column, size, Uint8Array);
      return values.subarray(row * size, (row + 1) * size);
    },
  };
}
