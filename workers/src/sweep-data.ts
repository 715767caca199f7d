import { InvalidInputError, type SweepDatasetSpec } from '@bcml/core';
import { type InstanceImages } from '@bcml/data';
import { dataSize, type LabelledData } from '@bcml/training';

/** A sweep's dataset as the activities read it: labelled data per split, class names and a content hash. */
export interface SweepData {
  /** Class names by class index. */
  readonly classes: readonly string[];
  /** SHA-256 (hex) of the dataset's content. */
  readonly sha256: string;
  /** Labelled data (`@bcml/training`'s `labelledData`) by split name. */
  readonly splits: Readonly<Record<string, LabelledData>>;
  /** Where each split's ids come from (`@bcml/data`'s `IdSource`); a split not listed has an `id` column. */
  readonly idSources?: Readonly<Record<string, 'column' | 'row-position'>>;
  /**
   * By split, the text of an instance by id that the evaluation files (and so the report's error table) show: its
   * raw feature values (`@bcml/data`'s `instanceDescriber`, at most 200 characters). A split not listed (an image
   * dataset's) shows `instance <id>`.
   */
  readonly describers?: Readonly<Record<string, (id: number) => string | undefined>>;
  /** By split, the images of an image dataset by id (`@bcml/data`'s `instanceImages`), which the report draws. */
  readonly images?: Readonly<Record<string, InstanceImages>>;
}

/**
 * Where the ids of `splits` come from, as the `dataset.ids` run param records it: `column`, `row-position` (files
 * without an `id` column: each split file numbers its rows 0, 1, …), or per split (`train=column,test=row-position`).
 */
export function idSourceOf(data: SweepData, splits: readonly string[]): string {
  const sources = splits.map((split) => data.idSources?.[split] ?? 'column');
  if (sources.every((source) => source === sources[0])) return sources[0] ?? 'column';
  return splits.map((split, i) => `${split}=${sources[i]}`).join(',');
}

/**
 * Reads the dataset a spec names (`bcml:datasets/…`, a path, a URL). Injected by the worker's caller (the workers may
 * not import `@bcml/data`/`@bcml/datasets`); it should cache, since every `trainPoint` calls it. A missing or
 * unreadable dataset is an `InvalidInputError` naming `dataset.uri`.
 */
export type DatasetResolver = (spec: SweepDatasetSpec) => Promise<SweepData>;

/**
 * The split `name` of `data`, else an `InvalidInputError` naming `field` (`dataset.trainSplit`); so is a split without
 * rows (nothing to train on or evaluate).
 */
export function splitOf(data: SweepData, name: string, field: string): LabelledData {
  const split = Object.hasOwn(data.splits, name) ? data.splits[name] : undefined;
  if (split === undefined) {
    throw new InvalidInputError(field, `a split of the dataset (${Object.keys(data.splits).join(', ')})`, name);
  }
  if (dataSize(split) === 0)
    throw new InvalidInputError(field, 'a split with at least one row (this one has none)', name);
  return split;
}
