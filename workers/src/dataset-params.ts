import { type DatasetColumnsSpec } from '@bcml/core';

import { idSourceOf, type SweepData } from './sweep-data.js';

/**
 * The run params saying how a run read its dataset: `dataset.ids` (`column`, `row-position`, or per split) and,
 * when the spec set them, `dataset.label` and `dataset.imageShape` (JSON).
 */
export function datasetReadParams(
  columns: DatasetColumnsSpec,
  data: SweepData,
  splits: readonly string[],
): Record<string, string> {
  return {
    'dataset.ids': idSourceOf(data, splits),
    ...(columns.label === undefined ? {} : { 'dataset.label': columns.label }),
    ...(columns.imageShape === undefined ? {} : { 'dataset.imageShape': JSON.stringify(columns.imageShape) }),
  };
}

/** The `label` and `imageShape` a spec's dataset object set (absent ones left out). */
export function datasetColumnsOf(dataset: DatasetColumnsSpec): DatasetColumnsSpec {
  const { label, imageShape } = dataset;
  return { ...(label === undefined ? {} : { label }), ...(imageShape === undefined ? {} : { imageShape }) };
}
