/** The columns the dataset convention names (see the README): ids, labels, and the two packed feature forms. */
export const DATASET_COLUMNS = {
  /** Unique integer instance ids in [0, 2^32). */
  id: 'id',
  /** Class indices 0..C−1, or class names (strings, dictionary) mapped through `bcml.classes`. */
  label: 'label',
  /** Optional: all features packed as one `FixedSizeList<float32>[D]` column. */
  features: 'features',
  /** Optional: the default name of an image column (`FixedSizeList<uint8>[H·W·C]`). */
  image: 'image',
} as const;

/** The schema (and field) metadata keys of the convention; every value is a string, most are JSON. */
export const METADATA_KEYS = {
  /** `binary` or `multiclass`. */
  task: 'bcml.task',
  /** JSON array of class names, index = class: `["<=50K", ">50K"]`. */
  classes: 'bcml.classes',
  /** JSON array: the feature columns in order (or, with a `features` column, the names of its D components). */
  featureNames: 'bcml.feature_names',
  /** JSON array `[H, W, C]` (or `[H, W]`): the shape of one image, on the image field or the schema. */
  imageShape: 'bcml.image_shape',
  /** JSON `DatasetEncoding`: the standardisation and one-hot statistics fitted on the training split. */
  encoding: 'bcml.encoding',
  /** The dataset's name, such as `adult`. */
  dataset: 'bcml.dataset',
  /** The split this file holds, such as `train` or `test`. */
  split: 'bcml.split',
} as const;

/** The prediction tasks the convention knows. */
export type DatasetTask = 'binary' | 'multiclass';
