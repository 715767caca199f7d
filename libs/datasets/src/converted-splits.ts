import { type Dataset, type FitEncodingOptions } from '@bcml/data';

/** What a bundled dataset's converter returns: both splits in the convention, before encoding. */
export interface ConvertedSplits {
  readonly train: Dataset;
  readonly test: Dataset;
  /** How to fit the encoding on the training split (integer codes to one-hot encode, ...). */
  readonly encoding?: FitEncodingOptions;
}
