import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

import { BcmlError, InvalidInputError } from '@bcml/core';

import { type ArtifactCache } from './artifact-cache.js';
import { formatArtifactRef, parseArtifactRef, type ArtifactRef } from './artifact-ref.js';
import { type ArtifactTransport } from './artifact-transport.js';
import { bytesSha256, fileSha256 } from './file-sha256.js';
import { mapLimit } from './map-limit.js';

/** Transfers of one folder in flight at once. */
const TRANSFERS_IN_FLIGHT = 4;

/** Name of the manifest a folder artifact carries: every file's path, size and SHA-256. */
export const MANIFEST_FILE = '.bcml-manifest.json';

/** Schema tag of a folder manifest. */
export const MANIFEST_SCHEMA = 'bcml.artifact-manifest/1';

/** One file of a folder manifest. */
export interface ManifestEntry {
  /** Relative to the folder, `/`-separated. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The data plane between activities: files and folders go to a location-independent URI and come back, on any
 * machine, from the worker's content-addressed cache. Nothing local crosses an activity boundary: only the
 * references (`<uri>#file-sha256=…`, `<uri>#folder-sha256=…`) that `put*` resolve.
 */
export interface ArtifactStore {
  /** Uploads a file to `uri`; resolves its reference. */
  putFile(localFile: string, uri: string): Promise<string>;
  /** Uploads a folder's files below `uri`, then its manifest (last, so a listed manifest means a whole folder). */
  putFolder(localDir: string, uri: string): Promise<string>;
  /** The local path of a reference's file or folder: from the cache, else downloaded, checked against its SHA-256 and cached. */
  fetch(ref: string, field: string): Promise<string>;
  /** Uploads a folder's files below `uri` without a manifest (results for people: a report). */
  publishFolder(localDir: string, uri: string): Promise<void>;
}

/** Dependencies of `createArtifactStore`: the transports by scheme and this worker's cache. */
export interface ArtifactStoreDeps {
  readonly transports: readonly ArtifactTransport[];
  readonly cache: ArtifactCache;
}

/** An `ArtifactStore` that picks the transport by the URI's scheme. */
export function createArtifactStore(deps: ArtifactStoreDeps): ArtifactStore {
  const transportOf = (uri: string, field: string): ArtifactTransport => {
    const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(uri)?.[1]?.toLowerCase() ?? '';
    const found = deps.transports.find((t) => t.schemes.includes(scheme));
    if (found === undefined) {
      const schemes = deps.transports.flatMap((t) => t.schemes).join(', ');
      throw new InvalidInputError(field, `an artifact URI of this worker's stores (${schemes})`, uri);
    }
    return found;
  };
  const child = (uri: string, path: string): string => `${uri.replace(/\/+$/, '')}/${path}`;

  const uploadFiles = async (localDir: string, uri: string): Promise<ManifestEntry[]> => {
    const transport = transportOf(uri, 'artifact URI');
    // A few files in flight at once: a checkpoint or a model is several small files, each a round trip.
    return mapLimit(await listFiles(localDir), TRANSFERS_IN_FLIGHT, async (path) => {
      const local = join(localDir, ...path.split('/'));
      const entry = { path, size: (await stat(local)).size, sha256: await fileSha256(local) };
      await transport.upload(local, child(uri, path));
      return entry;
    });
  };

  const download = async (ref: ArtifactRef, dir: string): Promise<void> => {
    const transport = transportOf(ref.uri, 'artifact URI');
    if (ref.kind === 'file') {
      const target = join(dir, fileName(ref.uri));
      await transport.download(ref.uri, target);
      await checkDigest(target, ref.sha256, ref.uri);
      return;
    }
    const manifestFile = join(dir, MANIFEST_FILE);
    await transport.download(child(ref.uri, MANIFEST_FILE), manifestFile);
    await checkDigest(manifestFile, ref.sha256, child(ref.uri, MANIFEST_FILE));
    const manifest = parseManifest(await readFile(manifestFile, 'utf8'), ref.uri);
    await rm(manifestFile);
    const root = resolve(dir);
    const targets = manifest.map((file) => {
      const target = resolve(root, ...file.path.split('/'));
      if (!target.startsWith(root + sep))
        throw new InvalidInputError('manifest path', 'a path inside the folder', file.path);
      return { file, target };
    });
    await mapLimit(targets, TRANSFERS_IN_FLIGHT, async ({ file, target }) => {
      await transport.download(child(ref.uri, file.path), target);
      await checkDigest(target, file.sha256, child(ref.uri, file.path));
    });
  };

  return {
    putFile: async (localFile, uri) => {
      const transport = transportOf(uri, 'artifact URI');
      const sha256 = await fileSha256(localFile);
      await transport.upload(localFile, uri);
      return formatArtifactRef({ uri, kind: 'file', sha256 });
    },
    putFolder: async (localDir, uri) => {
      const files = await uploadFiles(localDir, uri);
      const text = `${JSON.stringify({ schema: MANIFEST_SCHEMA, files }, null, 1)}\n`;
      const manifestFile = join(dirname(resolve(localDir)), `.${basename(localDir)}.${process.pid}.manifest`);
      await writeFile(manifestFile, text);
      try {
        await transportOf(uri, 'artifact URI').upload(manifestFile, child(uri, MANIFEST_FILE));
      } finally {
        await rm(manifestFile, { force: true });
      }
      return formatArtifactRef({ uri, kind: 'folder', sha256: bytesSha256(text) });
    },
    fetch: async (refText, field) => {
      const ref = parseArtifactRef(refText, field);
      const entry = await deps.cache.entry(`${ref.kind}-${ref.sha256}`, async (dir) => {
        await mkdir(dir, { recursive: true });
        await download(ref, dir);
      });
      return ref.kind === 'file' ? join(entry, fileName(ref.uri)) : entry;
    },
    publishFolder: async (localDir, uri) => {
      await uploadFiles(localDir, uri);
    },
  };
}

function fileName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  if (name === '' || name === '.' || name === '..') throw new InvalidInputError('artifact URI', 'a file URI', uri);
  return name;
}

async function checkDigest(path: string, expected: string, uri: string): Promise<void> {
  const actual = await fileSha256(path);
  if (actual !== expected) {
    // A torn or replaced transfer: a retry (here or on another worker) downloads it again.
    throw new BcmlError(`artifact ${uri} has SHA-256 ${actual}, expected ${expected}`, true);
  }
}

function parseManifest(text: string, uri: string): ManifestEntry[] {
  const value = JSON.parse(text) as { schema?: unknown; files?: unknown };
  if (value.schema !== MANIFEST_SCHEMA || !Array.isArray(value.files)) {
    throw new InvalidInputError(`${uri}/${MANIFEST_FILE}`, `a "${MANIFEST_SCHEMA}" manifest`, value.schema);
  }
  return value.files as ManifestEntry[];
}

/** Paths of every regular file under `dir`, relative with `/`, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await walk(dir);
  return files.sort();
}
