import { type DatasetColumnsSpec, type SweepSummary } from '@bcml/core';
import { type ReportDataset } from '@bcml/reports';

import { type DatasetResolver, type SweepData } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';

/**
 * The images the report of `summary` draws for its error instances, read through the dataset resolver (cached by
 * the worker that prepared or evaluated the run): null for a tabular dataset (its evaluation files carry each
 * instance's feature values), and null, with a warning, for a dataset that cannot be read now or whose content is no
 * longer the one the summary names (its SHA-256): the report then renders without images.
 */
export async function reportImages(
  resolveDataset: DatasetResolver,
  logger: WorkerLogger,
  summary: SweepSummary,
): Promise<ReportDataset | null> {
  const { uri, trainSplit, testSplit, sha256 } = summary.dataset;
  let data: SweepData;
  try {
    data = await resolveDataset({ uri, trainSplit, testSplit, ...specColumns(summary.spec) });
  } catch (error) {
    logger.warn(`report without images: dataset ${uri} cannot be read`, { error: String(error) });
    return null;
  }
  const images = data.images ?? {};
  const first = Object.values(images)[0];
  if (first === undefined) return null;
  if (data.sha256 !== sha256) {
    logger.warn(`report without images: dataset ${uri} changed since the run (SHA-256 ${data.sha256}, not ${sha256})`);
    return null;
  }
  const { width, height, channels } = first;
  return {
    images: { width, height, channels, pixels: (split, id) => images[split]?.pixels(id) ?? null },
  };
}

/** The `label` and `imageShape` of the summary's spec's dataset, as the run's resolver read it with them. */
function specColumns(spec: Readonly<Record<string, unknown>>): DatasetColumnsSpec {
  const dataset = spec['dataset'];
  if (typeof dataset !== 'object' || dataset === null) return {};
  const { label, imageShape } = dataset as { label?: unknown; imageShape?: unknown };
  return {
    ...(typeof label === 'string' ? { label } : {}),
    ...(Array.isArray(imageShape) && imageShape.every((d) => typeof d === 'number') ? { imageShape } : {}),
  };
}
