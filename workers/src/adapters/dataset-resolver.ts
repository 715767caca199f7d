import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BcmlError, InvalidInputError, type SweepDatasetSpec } from '@bcml/core';
import {
  DatasetError,
  datasetFromIPC,
  estimateDatasetMemory,
  fitEncoding,
  readSourceBytes,
  type Dataset,
  type DatasetMemoryEstimate,
  type SourceOptions,
} from '@bcml/data';
import { isNotFound, type MlflowClient } from '@bcml/tracking';
import { labelledData } from '@bcml/training';

import type { DatasetResolver, SweepData } from '../sweep-data.js';
import { bundledDatasetResolver } from './bundled-dataset-resolver.js';
import { checkDatasetMemory, defaultMemoryBudgetBytes } from './dataset-memory-budget.js';
import { type HttpAuthorization } from './netrc.js';
import { promiseCache } from './promise-cache.js';
import { splitInstances } from './split-instances.js';

/** The placeholder a dataset URI may hold for the split name: `/data/adult-{split}.arrow`. */
export const SPLIT_PLACEHOLDER = '{split}';

const SPLIT_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The workers' `DatasetResolver`: bundled datasets (`bcml:datasets/<name>`) and Arrow files of the dataset
 * convention (what `bcml data import` writes), each dataset read once per process.
 *
 * A file dataset's URI is a local folder (a path or `file://`) holding one `<split>.arrow` (or `.feather`, `.arrows`)
 * file per split, or a path or `http(s)://` URL with `{split}` where the split name goes. Every split is encoded with
 * the training split's encoding: the one stored in its `bcml.encoding` metadata, else one fitted on it, so h1 and h2
 * trained on the same file see the same features. A missing file, a file outside the convention (no label column,
 * bad ids) or splits whose classes or features differ is an `InvalidInputError` naming `dataset.uri`.
 *
 * The spec's `dataset.label` names the label column when it is not `label`, and `dataset.imageShape` folds numeric
 * feature columns (pixels) into an image; a fault they cause is an `InvalidInputError` naming that field. A split
 * file without an `id` column gets its row positions as ids (`SweepData.idSources`): ids need only be unique within
 * a split, as the metrics, h1's outputs and the reports key instances per split.
 *
 * With a tracking client, `runs:/<run>/<path>` reads the same layout from a run's artifacts (`<path>` a folder of
 * split files, or a file path with `{split}`): the files are downloaded into a temporary folder, read, and removed.
 * With `httpAuthorization` (the worker's netrc credentials), an http(s) file is fetched with the `Authorization`
 * header it gives the URL: credentials never sit in the URI, so none reach specs, histories or MLflow.
 */
export function datasetResolver(
  options: {
    readonly tracking?: MlflowClient;
    readonly httpAuthorization?: HttpAuthorization;
    /** The worker's memory budget for datasets in bytes (default `defaultMemoryBudgetBytes()`). */
    readonly memoryBudgetBytes?: number;
  } = {},
): DatasetResolver {
  const budget = options.memoryBudgetBytes ?? defaultMemoryBudgetBytes();
  const bundled = bundledDatasetResolver({ memoryBudgetBytes: budget });
  const cached = promiseCache<SweepData>();
  return (spec: SweepDatasetSpec) => {
    if (spec.uri.startsWith('bcml:')) return bundled(spec);
    const key = JSON.stringify([spec.uri, spec.trainSplit, spec.testSplit, spec.label, spec.imageShape]);
    return cached(key, () =>
      spec.uri.startsWith('runs:/')
        ? loadRunDataset(spec, options.tracking, budget)
        : loadFileDataset(spec, budget, options.httpAuthorization),
    );
  };
}

/** `runs:/<run>/<path>`: the run's artifacts downloaded into a temporary folder, then read as a local dataset. */
async function loadRunDataset(
  spec: SweepDatasetSpec,
  tracking: MlflowClient | undefined,
  budget: number,
): Promise<SweepData> {
  const match = /^runs:\/([0-9A-Za-z_-]+)\/(.+)$/.exec(spec.uri);
  if (match === null) {
    throw new InvalidInputError('dataset.uri', 'runs:/<run id>/<artifact path>', spec.uri);
  }
  if (tracking === undefined) {
    throw new InvalidInputError(
      'dataset.uri',
      'a bundled dataset or a file (this worker has no tracking server)',
      spec.uri,
    );
  }
  const [, runId, path] = match as unknown as [string, string, string];
  const dir = await mkdtemp(join(tmpdir(), 'bcml-dataset-'));
  try {
    let local: string;
    try {
      const { artifactUri } = (await tracking.getRun(runId)).info;
      if (path.includes(SPLIT_PLACEHOLDER)) {
        for (const split of new Set([spec.trainSplit, spec.testSplit])) {
          const file = path.split(SPLIT_PLACEHOLDER).join(split);
          await tracking.downloadArtifacts(artifactUri, file, join(dir, split));
        }
        local = join(dir, `{split}`, basename(path));
      } else {
        await tracking.downloadArtifacts(artifactUri, path, dir);
        local = dir;
      }
    } catch (error) {
      if (isNotFound(error)) {
        throw new InvalidInputError(
          'dataset.uri',
          `a run and artifact path that ${tracking.trackingUri} has`,
          spec.uri,
          { cause: error },
        );
      }
      throw error;
    }
    return await loadFileDataset({ ...spec, uri: local }, budget);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadFileDataset(
  spec: SweepDatasetSpec,
  budget: number,
  authorization?: HttpAuthorization,
): Promise<SweepData> {
  const sources = await splitSources(spec);
  checkDatasetMemory(spec.uri, await localEstimates(spec, sources), budget);
  const files: Record<string, Dataset> = {};
  const hash = createHash('sha256');
  const columns = { label: spec.label, imageShape: spec.imageShape, optionNames: DATASET_OPTION_FIELDS };
  for (const [split, source] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    let bytes: Uint8Array;
    try {
      bytes = await readSourceBytes(source, sourceOptions(source, authorization));
      files[split] = datasetFromIPC(bytes, { file: basename(source), ...columns });
    } catch (error) {
      throw asInputError(spec, error);
    }
    hash.update(split).update(bytes);
  }
  const train = files[spec.trainSplit];
  if (train === undefined) {
    throw new InvalidInputError(
      'dataset.trainSplit',
      `a split of the dataset (${Object.keys(files).join(', ')})`,
      spec.trainSplit,
    );
  }
  for (const [split, dataset] of Object.entries(files)) {
    if (JSON.stringify(dataset.info.classes) !== JSON.stringify(train.info.classes)) {
      throw new InvalidInputError(
        'dataset.uri',
        `splits with the same classes (${spec.trainSplit}: ${JSON.stringify(train.info.classes)})`,
        `${split}: ${JSON.stringify(dataset.info.classes)}`,
      );
    }
  }
  const fitted = train.info.encoding ?? fitEncoding(train);
  // Columns folded into an image by the spec: the stored encoding (fitted without the spec) takes the shape too.
  const shape = train.info.features.kind === 'columns' ? train.info.features.shape : undefined;
  const encoding = shape === undefined ? fitted : { ...fitted, shape };
  const splits: SweepData['splits'] = {};
  try {
    for (const [split, dataset] of Object.entries(files)) {
      (splits as Record<string, SweepData['splits'][string]>)[split] = labelledData(dataset, encoding);
    }
  } catch (error) {
    throw asInputError(spec, error);
  }
  const idSources = Object.fromEntries(Object.entries(files).map(([split, dataset]) => [split, dataset.info.idSource]));
  return {
    classes: train.info.classes,
    sha256: hash.digest('hex'),
    splits,
    idSources,
    ...splitInstances(files),
  };
}

/** The request headers of an http(s) source: its `Authorization`, when `authorization` has one for it. */
function sourceOptions(source: string, authorization: HttpAuthorization | undefined): SourceOptions {
  if (authorization === undefined || !/^https?:\/\//i.test(source)) return {};
  const header = authorization(new URL(source));
  return header === undefined ? {} : { headers: { authorization: header } };
}

/**
 * The memory estimate (`estimateDatasetMemory`, from the metadata, nothing decoded) of each local split file, all
 * being read at once. URLs are left out (their size is known only fetched), and so is a file whose messages cannot
 * be walked: reading it then says what is wrong with it, in the reader's words.
 */
async function localEstimates(
  spec: SweepDatasetSpec,
  sources: Readonly<Record<string, string>>,
): Promise<Record<string, DatasetMemoryEstimate>> {
  const estimates: Record<string, DatasetMemoryEstimate> = {};
  for (const [split, source] of Object.entries(sources)) {
    if (/^https?:\/\//i.test(source)) continue;
    const path = source.startsWith('file:') ? fileURLToPath(source) : source;
    try {
      estimates[split] = await estimateDatasetMemory(path, { label: spec.label, file: basename(source) });
    } catch (error) {
      // Not walkable, missing or unreadable: the reader reports it.
      if (error instanceof DatasetError || (error instanceof Error && 'code' in error)) continue;
      throw error;
    }
  }
  return estimates;
}

/** The file (path or URL) of each split the spec can ask for. */
async function splitSources(spec: SweepDatasetSpec): Promise<Record<string, string>> {
  const { uri } = spec;
  const wanted = [...new Set([spec.trainSplit, spec.testSplit])];
  if (uri.includes(SPLIT_PLACEHOLDER)) {
    return Object.fromEntries(wanted.map((split) => [split, uri.split(SPLIT_PLACEHOLDER).join(split)]));
  }
  if (/^https?:\/\//i.test(uri)) {
    throw new InvalidInputError(
      'dataset.uri',
      `an http(s) URL with "${SPLIT_PLACEHOLDER}" where the split name goes`,
      uri,
    );
  }
  const dir = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new InvalidInputError(
      'dataset.uri',
      `a bundled dataset (bcml:datasets/<name>), a folder of <split>.arrow files, or a path or URL with "${SPLIT_PLACEHOLDER}"`,
      uri,
      { cause },
    );
  }
  const sources: Record<string, string> = {};
  for (const name of names.sort()) {
    const ext = extname(name);
    const split = name.slice(0, name.length - ext.length);
    if (['.arrow', '.feather', '.arrows'].includes(ext) && SPLIT_FILE.test(split)) sources[split] ??= join(dir, name);
  }
  if (Object.keys(sources).length === 0) {
    throw new InvalidInputError('dataset.uri', 'a folder holding <split>.arrow files', uri);
  }
  return sources;
}

/** How dataset errors name the spec fields that chose a column or a shape. */
const DATASET_OPTION_FIELDS = { label: 'dataset.label', imageShape: 'dataset.imageShape' } as const;

/**
 * A dataset that cannot be read or breaks the convention is bad input naming `dataset.uri`, or the spec field that
 * chose the column or shape at fault (`dataset.label`, `dataset.imageShape`); retryable I/O passes.
 */
function asInputError(spec: SweepDatasetSpec, error: unknown): unknown {
  const { uri } = spec;
  if (error instanceof BcmlError && error.retryable) return error;
  if (error instanceof DatasetError && error.option !== undefined) {
    const value = error.option === DATASET_OPTION_FIELDS.label ? spec.label : JSON.stringify(spec.imageShape);
    return new InvalidInputError(error.option, `a value that fits the dataset (${error.message})`, value, {
      cause: error,
    });
  }
  if (error instanceof BcmlError) {
    return new InvalidInputError('dataset.uri', `a dataset of the convention (${error.message})`, uri, {
      cause: error,
    });
  }
  return error;
}
