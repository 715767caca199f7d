import { type DatasetColumnsSpec, type SweepSummary } from '@bcml/core';
import { type ReportDataset } from '@bcml/reports';

import { type DatasetResolver, type SweepData } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';

/**
 * What the report of `summary` shows of its error instances, read through the dataset resolver (cached by the worker
 * that prepared or evaluated the run): the images of an image dataset, each tabular instance's feature values
 * (described here, at render time, so that evaluation files stay small); null, with a warning, for a dataset that
 * cannot be read now or whose content is no longer the one the summary names (its SHA-256): the report then renders
 * without them.
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
    logger.warn(`report without images or instance descriptions: dataset ${uri} cannot be read`, {
      error: String(error),
    });
    return null;
  }
  const images = data.images ?? {};
  const describers = data.describers ?? {};
  const first = Object.values(images)[0];
  if (first === undefined && Object.keys(describers).length === 0) return null;
  if (data.sha256 !== sha256) {
    logger.warn(
      `report without images or instance descriptions: dataset ${uri} changed since the run ` +
        `(SHA-256 ${data.sha256}, not ${sha256})`,
    );
    return null;
  }
  const describe = (split: string, id: number): string | undefined => describers[split]?.(id);
  if (first === undefined) return { describe };
  const { width, height, channels } = first;
  return {
    images: { width, height, channels, pixels: (split, id) => images[split]?.pixels(id) ?? null },
    describe,
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
