import { type Dataset } from './dataset.js';
import { createDatasetTable } from './dataset-table.js';
import { DatasetError } from './dataset-error.js';
import { parseIdx } from './parse-idx.js';
import { validateDataset } from './validate-dataset.js';

/** The two IDX files of an image dataset (raw or gzipped bytes) and how to label the result. */
export interface IdxInput {
  /** Images: uint8, N × H × W (or N × H × W × C). */
  readonly images: Uint8Array;
  /** Labels: uint8, N. */
  readonly labels: Uint8Array;
  /** Names of the two files in messages (default `images.idx`, `labels.idx`). */
  readonly imagesFile?: string;
  readonly labelsFile?: string;
  /** The first id (default 0): ids are `idStart + row`. */
  readonly idStart?: number;
  /** Class names (default `"0"`, `"1"`, ... up to the largest label, at least 2). */
  readonly classes?: readonly string[];
  /** More schema metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Converts IDX images and labels (the MNIST format) into a dataset in the convention: an `image` column of
 * `FixedSizeList<uint8>[H·W·C]` viewing the decoded bytes (no copy), `bcml.image_shape` `[H, W, C]`.
 */
export function idxToDataset(input: IdxInput): Dataset {
  const imagesFile = input.imagesFile ?? 'images.idx';
  const labelsFile = input.labelsFile ?? 'labels.idx';
  const images = parseIdx(input.images, imagesFile);
  const labels = parseIdx(input.labels, labelsFile);
  if (images.type !== 'uint8' || (images.dims.length !== 3 && images.dims.length !== 4)) {
    throw DatasetError.mismatch(
      { file: imagesFile },
      'uint8 images of N × H × W (or N × H × W × C)',
      `${images.type} of ${images.dims.join(' × ')}`,
    );
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1) {
    throw DatasetError.mismatch(
      { file: labelsFile },
      'uint8 labels of N',
      `${labels.type} of ${labels.dims.join(' × ')}`,
    );
  }
  const [n = 0, height = 0, width = 0, channels = 1] = images.dims;
  if (labels.dims[0] !== n) {
    throw DatasetError.expected({ file: labelsFile }, `${n} labels (one per image in ${imagesFile})`, labels.dims[0]);
  }
  const labelValues = labels.data as Uint8Array;
  let max = 1;
  for (const label of labelValues) if (label > max) max = label;
  const classes = input.classes ?? Array.from({ length: max + 1 }, (_, k) => String(k));
  const idStart = input.idStart ?? 0;
  const table = createDatasetTable({
    ids: Array.from({ length: n }, (_, i) => idStart + i),
    labels: labelValues,
    classes,
    image: { values: images.data as Uint8Array, shape: [height, width, channels] },
    ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
  });
  return validateDataset(table, { file: labelsFile });
}
