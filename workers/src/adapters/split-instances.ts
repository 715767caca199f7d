import {
  type Dataset,
  type InstanceDescriber,
  instanceDescriber,
  type InstanceImages,
  instanceImages,
} from '@bcml/data';

import type { SweepData } from '../sweep-data.js';

/**
 * `SweepData.describers` and `SweepData.images`: each split's instance describer (`instanceDescriber`; none for an
 * image dataset) and images (`instanceImages`; only for an image dataset).
 */
export function splitInstances(splits: Readonly<Record<string, Dataset>>): Pick<SweepData, 'describers' | 'images'> {
  const describers: Record<string, InstanceDescriber> = {};
  const images: Record<string, InstanceImages> = {};
  for (const [split, dataset] of Object.entries(splits)) {
    const describe = instanceDescriber(dataset);
    if (describe !== undefined) describers[split] = describe;
    const pictures = instanceImages(dataset);
    if (pictures !== undefined) images[split] = pictures;
  }
  return { describers, images };
}
