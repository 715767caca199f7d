import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BcmlError, InvalidInputError } from '@bcml/core';
import { readSourceBytes, sourceName } from '@bcml/data';
import { isNotFound, type MlflowClient } from '@bcml/tracking';

import { type H1File, type H1FileReader, type H1Folder } from '../h1-source.js';
import { SPLIT_PLACEHOLDER } from './dataset-resolver.js';

/** The extensions a split's predictions file may have, in order of preference. */
const EXTENSIONS = ['.arrow', '.feather', '.arrows'];

/**
 * The workers' `H1FileReader`. A split's predictions file is laid out like a file dataset: a local folder (a path or
 * `file://`) holding one `<split>.arrow` (or `.feather`, `.arrows`) file per split, a path or `http(s)://` URL with
 * `{split}` where the split name goes, or, with a tracking client, `runs:/<run>/<path>` (a folder of split files, or
 * a file path with `{split}`) read from the run's artifacts. One file (an ONNX model) is a path, `file://`,
 * `http(s)://` or `runs:/<run>/<path>`; a folder (a SavedModel) a path, `file://` or `runs:/<run>/<path>`. A missing file is an `InvalidInputError` naming the field; network failures
 * stay retryable.
 */
export function h1FileReader(options: { readonly tracking?: MlflowClient | null } = {}): H1FileReader {
  const tracking = options.tracking ?? undefined;
  return {
    splitFile: async (uri, split, field) => {
      if (uri.startsWith('runs:/')) return readRunFile(uri, split, field, tracking);
      if (uri.includes(SPLIT_PLACEHOLDER)) {
        const source = uri.split(SPLIT_PLACEHOLDER).join(split);
        return { bytes: await readBytes(source, field, uri), file: sourceName(source) };
      }
      if (/^https?:\/\//i.test(uri)) {
        throw new InvalidInputError(field, `an http(s) URL with "${SPLIT_PLACEHOLDER}" where the split name goes`, uri);
      }
      return readFolderFile(uri.startsWith('file:') ? fileURLToPath(uri) : uri, split, field, uri);
    },
    file: async (uri, field) => {
      if (uri.startsWith('runs:/')) return readRunFile(uri, undefined, field, tracking);
      return { bytes: await readBytes(uri, field, uri), file: sourceName(uri) };
    },
    folder: async (uri, field) => {
      if (uri.startsWith('runs:/')) return downloadRunFolder(uri, field, tracking);
      if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) {
        throw new InvalidInputError(field, 'a folder: a path, file:// or runs:/<run>/<path>', uri);
      }
      const dir = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
      try {
        if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
      } catch (cause) {
        throw new InvalidInputError(field, 'a readable folder', uri, { cause });
      }
      return { dir, release: () => Promise.resolve() };
    },
  };
}

/** `runs:/<run>/<path>`, a folder of the run's artifacts, downloaded into a temporary folder (its files at the top), removed on release. */
async function downloadRunFolder(uri: string, field: string, tracking: MlflowClient | undefined): Promise<H1Folder> {
  const { dir, files, runId, release } = await downloadFromRun(uri, field, tracking, 'a folder', (path) => path);
  if (files.length === 0) {
    await release();
    throw new InvalidInputError(field, `a folder of files in run ${runId}`, uri);
  }
  return { dir, release };
}

/**
 * Downloads the artifact `runs:/<run>/<path>` names (`<path>` mapped by `pathOf`) into a new temporary folder: a file
 * lands as `<dir>/<its name>`, a folder's files at the top of `<dir>`; `release` removes it (done here on failure). A
 * malformed URI, a worker without tracking (`what` it expected instead) or a missing run or artifact is bad input
 * naming `field`; network failures stay retryable.
 */
async function downloadFromRun(
  uri: string,
  field: string,
  tracking: MlflowClient | undefined,
  what: string,
  pathOf: (path: string) => string,
): Promise<{ dir: string; path: string; files: string[]; runId: string; release: () => Promise<void> }> {
  const match = /^runs:\/([0-9A-Za-z_-]+)\/(.+)$/.exec(uri);
  if (match === null) throw new InvalidInputError(field, 'runs:/<run id>/<artifact path>', uri);
  if (tracking === undefined) {
    throw new InvalidInputError(field, `${what} (this worker has no tracking server)`, uri);
  }
  const [, runId, stored] = match as unknown as [string, string, string];
  const path = pathOf(stored);
  const dir = await mkdtemp(join(tmpdir(), 'bcml-h1-'));
  const release = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const { artifactUri } = (await tracking.getRun(runId)).info;
    const files = await tracking.downloadArtifacts(artifactUri, path, dir);
    return { dir, path, files, runId, release };
  } catch (error) {
    await release();
    if (isNotFound(error)) {
      throw new InvalidInputError(field, `a run and artifact path that ${tracking.trackingUri} has`, uri, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The split's file in a local folder. */
async function readFolderFile(dir: string, split: string, field: string, uri: string): Promise<H1File> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new InvalidInputError(
      field,
      `a folder of <split>.arrow predictions files, or a path or URL with "${SPLIT_PLACEHOLDER}"`,
      uri,
      { cause },
    );
  }
  const name = EXTENSIONS.map((ext) => `${split}${ext}`).find((candidate) => names.includes(candidate));
  if (name === undefined) {
    const files = names.filter((n) => EXTENSIONS.includes(extname(n))).join(', ') || 'none';
    throw new InvalidInputError(
      field,
      `a file ${split}.arrow (or .feather, .arrows) in the folder (it has ${files})`,
      uri,
    );
  }
  return { bytes: await readFile(join(dir, name)), file: name };
}

/**
 * `runs:/<run>/<path>`: the run's artifact downloaded into a temporary folder, read, and removed; with `split`, the
 * split's file of a folder (or of a path with `{split}`), else the one file at `<path>`.
 */
async function readRunFile(
  uri: string,
  split: string | undefined,
  field: string,
  tracking: MlflowClient | undefined,
): Promise<H1File> {
  // One file: the split's (a path with `{split}`) or the only one; else a folder holding a file per split.
  const oneFile = split === undefined || uri.includes(SPLIT_PLACEHOLDER);
  const { dir, path, release } = await downloadFromRun(uri, field, tracking, 'a file or folder', (stored) =>
    split === undefined ? stored : stored.split(SPLIT_PLACEHOLDER).join(split),
  );
  try {
    if (oneFile) return { bytes: await readFile(join(dir, basename(path))), file: basename(path) };
    return await readFolderFile(dir, split, field, uri);
  } finally {
    await release();
  }
}

/** A path's or URL's bytes; an unreadable one is bad input naming the field (network failures stay retryable). */
async function readBytes(source: string, field: string, uri: string): Promise<Uint8Array> {
  try {
    return await readSourceBytes(source);
  } catch (error) {
    if (error instanceof BcmlError && !error.retryable) {
      throw new InvalidInputError(field, `a readable file (${error.message})`, uri, { cause: error });
    }
    throw error;
  }
}
