import { InvalidInputError } from '@bcml/core';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

import { artifactProxyPath, joinArtifactPath } from './artifact-uri.js';
import { MlflowError } from './mlflow-error.js';
import { ARTIFACTS_API, type MlflowHttp } from './mlflow-http.js';
import { wireNumber, wireObject, wireObjects, wireString } from './wire-json.js';

/** A file or folder under an artifact root. */
export interface ArtifactEntry {
  /** Relative to the artifact root given to the call (e.g. `model/model.json`). */
  readonly path: string;
  readonly isDir: boolean;
  readonly fileSize: number | undefined;
}

/**
 * Streams one local file to `<artifactUri>/<artifactPath>` (default: the file's name at the root);
 * resolves the artifact path written, relative to `artifactUri`.
 */
export async function uploadArtifact(
  http: MlflowHttp,
  artifactUri: string,
  localFile: string,
  artifactPath: string = basename(localFile),
): Promise<string> {
  const relativePath = joinArtifactPath(artifactPath);
  if (relativePath === '') throw new InvalidInputError('artifactPath', 'a file path', artifactPath);
  await http.upload(joinArtifactPath(artifactProxyPath(artifactUri), relativePath), localFile);
  return relativePath;
}

/**
 * Uploads every file under `localDir`, recursively, to `<artifactUri>/<artifactPath>` (default: the root),
 * one streamed request per file; resolves the artifact paths written, relative to `artifactUri`, sorted.
 */
export async function uploadArtifacts(
  http: MlflowHttp,
  artifactUri: string,
  localDir: string,
  artifactPath = '',
): Promise<string[]> {
  const written: string[] = [];
  for (const file of await listLocalFiles(localDir)) {
    written.push(await uploadArtifact(http, artifactUri, join(localDir, file), joinArtifactPath(artifactPath, file)));
  }
  return written;
}

/** The files and folders directly under `<artifactUri>/<path>` (empty for a missing folder). */
export async function listArtifacts(http: MlflowHttp, artifactUri: string, path = ''): Promise<ArtifactEntry[]> {
  const relativePath = joinArtifactPath(path);
  const answer = wireObject(
    await http.json('GET', ARTIFACTS_API, {
      query: { path: joinArtifactPath(artifactProxyPath(artifactUri), relativePath) },
    }),
  );
  return wireObjects(answer, 'files')
    .map((file) => ({
      path: joinArtifactPath(relativePath, basename(wireString(file, 'path'))),
      isDir: file.is_dir === true,
      fileSize: wireNumber(file, 'file_size'),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every file (not folder) under `<artifactUri>/<path>`, recursively. */
export async function listArtifactFiles(http: MlflowHttp, artifactUri: string, path = ''): Promise<ArtifactEntry[]> {
  const files: ArtifactEntry[] = [];
  for (const entry of await listArtifacts(http, artifactUri, path)) {
    if (entry.isDir) files.push(...(await listArtifactFiles(http, artifactUri, entry.path)));
    else files.push(entry);
  }
  return files;
}

/** Streams the artifact file `<artifactUri>/<path>` into `localFile` (parent folders are created). */
export async function downloadArtifact(
  http: MlflowHttp,
  artifactUri: string,
  path: string,
  localFile: string,
): Promise<void> {
  const relativePath = joinArtifactPath(path);
  if (relativePath === '') throw new InvalidInputError('path', 'an artifact file path', path);
  await http.download(joinArtifactPath(artifactProxyPath(artifactUri), relativePath), localFile);
}

/**
 * Downloads `<artifactUri>/<path>` into `localDir`: a folder's files keep their layout below it (`path` = ''
 * is the whole root); a file lands as `localDir/<its name>`. Resolves the local files written, sorted.
 */
export async function downloadArtifacts(
  http: MlflowHttp,
  artifactUri: string,
  path: string,
  localDir: string,
): Promise<string[]> {
  const relativePath = joinArtifactPath(path);
  const root = resolve(localDir);
  if (relativePath !== '') {
    const parent = relativePath.includes('/') ? relativePath.slice(0, relativePath.lastIndexOf('/')) : '';
    const entry = (await listArtifacts(http, artifactUri, parent)).find((e) => e.path === relativePath);
    if (entry === undefined) {
      throw new MlflowError(`MLflow artifact not found: ${relativePath} under ${artifactUri}`, {
        method: 'GET',
        endpoint: ARTIFACTS_API,
        status: 404,
        errorCode: 'RESOURCE_DOES_NOT_EXIST',
        retryable: false,
      });
    }
    if (!entry.isDir) {
      const target = join(root, basename(relativePath));
      await downloadArtifact(http, artifactUri, relativePath, target);
      return [target];
    }
  }
  const written: string[] = [];
  for (const file of await listArtifactFiles(http, artifactUri, relativePath)) {
    const below = relativePath === '' ? file.path : file.path.slice(relativePath.length + 1);
    const target = resolve(root, below);
    if (!target.startsWith(root + sep)) throw new InvalidInputError('artifact path', 'a path inside the folder', below);
    await downloadArtifact(http, artifactUri, file.path, target);
    written.push(target);
  }
  return written.sort();
}

/** Paths of every regular file under `dir` (symlinks followed), relative with `/`, sorted. */
async function listLocalFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const info = entry.isSymbolicLink() ? await stat(full) : entry;
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await walk(dir);
  return files.sort();
}
