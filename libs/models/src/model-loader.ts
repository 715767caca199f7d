import { InvalidInputError } from '@bcml/core';
import { type LayersModel } from '@tensorflow/tfjs-layers';
import { fileURLToPath } from 'node:url';

import { loadModel } from './load-model.js';

/** Loads a model from a URI: a local path, `file://`, or whatever scheme an implementation serves. */
export interface ModelLoader {
  /** The model at `uri`; the caller disposes it. */
  load(uri: string): Promise<LayersModel>;
}

/** The scheme of a URI (`runs` for `runs:/abc/model`), or `undefined` for a plain path. */
export function uriScheme(uri: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1];
  // A Windows drive letter (C:\models) is a path, not a scheme.
  return scheme === undefined || scheme.length === 1 ? undefined : scheme.toLowerCase();
}

/** Loads models from local paths (a folder or its `model.json`) and `file://` URIs. */
export const fileModelLoader: ModelLoader = {
  load: async (uri) => {
    const scheme = uriScheme(uri);
    if (scheme === undefined) return loadModel(uri);
    if (scheme === 'file') return loadModel(localPath(uri));
    throw new InvalidInputError('model URI', 'a local path or a file:// URI', uri);
  },
};

/**
 * A loader for URIs whose model a `resolveFolder` function copies to a local folder first (the tracking lib
 * downloads `runs:/` and `models:/` artifacts this way), then loads from there.
 */
export function folderModelLoader(resolveFolder: (uri: string) => Promise<string>): ModelLoader {
  return { load: async (uri) => loadModel(await resolveFolder(uri)) };
}

/** The loaders of a composite loader, by URI scheme (lower case, without the colon). */
export interface ModelLoaderOptions {
  /** E.g. `{ runs: mlflowLoader, models: mlflowLoader }`; `file` and plain paths default to `fileModelLoader`. */
  readonly schemes: { readonly [scheme: string]: ModelLoader };
}

/**
 * A loader that dispatches by URI scheme: plain paths and `file://` to `fileModelLoader` (unless `schemes`
 * overrides `file`), `<scheme>:...` to `schemes[scheme]`. An unsupported scheme throws an `InvalidInputError`
 * naming the URI and the schemes it supports.
 */
export function createModelLoader(options: ModelLoaderOptions): ModelLoader {
  const schemes: { readonly [scheme: string]: ModelLoader } = {
    file: fileModelLoader,
    ...Object.fromEntries(
      Object.entries(options.schemes).map(([s, loader]) => [s.replace(/:$/, '').toLowerCase(), loader]),
    ),
  };
  return {
    load: async (uri) => {
      const scheme = uriScheme(uri);
      if (scheme === undefined) return (schemes['file'] ?? fileModelLoader).load(uri);
      const loader = Object.hasOwn(schemes, scheme) ? schemes[scheme] : undefined;
      if (loader === undefined) {
        const known = Object.keys(schemes).map((s) => `${s}:`);
        throw new InvalidInputError('model URI', `a local path or a URI with scheme ${known.join(', ')}`, uri);
      }
      return loader.load(uri);
    },
  };
}

/** The local path of a `file://` URI; an `InvalidInputError` for a remote host or a malformed URI. */
function localPath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch (cause) {
    throw new InvalidInputError('model URI', 'a file:// URI of a local path', uri, { cause });
  }
}
