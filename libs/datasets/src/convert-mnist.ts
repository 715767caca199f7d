import { idxToDataset } from '@bcml/data';

import { rawFile, type RawFiles } from './bundled-files.js';
import { type ConvertedSplits } from './converted-splits.js';

/** Bumped whenever the MNIST conversion changes. */
export const MNIST_CONVERTER_VERSION = 1;

/** MNIST, standard split: 60,000 training images (ids 0…) and 10,000 test images (ids from 60,000), 28×28×1. */
export function convertMnist(raw: RawFiles): ConvertedSplits {
  const classes = Array.from({ length: 10 }, (_, k) => String(k));
  const train = idxToDataset({
    images: rawFile(raw, 'train-images-idx3-ubyte.gz'),
    labels: rawFile(raw, 'train-labels-idx1-ubyte.gz'),
    imagesFile: 'train-images-idx3-ubyte.gz',
    labelsFile: 'train-labels-idx1-ubyte.gz',
    classes,
  });
  const test = idxToDataset({
    images: rawFile(raw, 't10k-images-idx3-ubyte.gz'),
    labels: rawFile(raw, 't10k-labels-idx1-ubyte.gz'),
    imagesFile: 't10k-images-idx3-ubyte.gz',
    labelsFile: 't10k-labels-idx1-ubyte.gz',
    idStart: 60000,
    classes,
  });
  return { train, test };
}
