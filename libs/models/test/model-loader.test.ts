import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildModel,
  createModelLoader,
  fileModelLoader,
  folderModelLoader,
  saveModel,
  uriScheme,
  type ModelLoader,
} from '@bcml/models';

import { rejection, sameWeights, temporaryFolder, weightsOf, type LayersModel } from './support.js';

describe('model loaders', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let dir: string;
  let saved: LayersModel;
  beforeAll(async () => {
    folder = await temporaryFolder();
    dir = join(folder.dir, 'h1');
    saved = buildModel({ kind: 'mlp', hidden: [8] }, { inputShape: [5], numClasses: 3, seed: 3 });
    await saveModel(saved, dir);
  });
  afterAll(async () => {
    saved.dispose();
    await folder.remove();
  });

  /** Loads `uri` with `loader` and checks it is the saved model. */
  async function expectSaved(loader: ModelLoader, uri: string): Promise<void> {
    const model = await loader.load(uri);
    expect(sameWeights(weightsOf(model), weightsOf(saved))).toBe(true);
    model.dispose();
  }

  it('reads schemes, not Windows drive letters', () => {
    expect(uriScheme('runs:/abc123/model')).toBe('runs');
    expect(uriScheme('models:/adult@champion')).toBe('models');
    expect(uriScheme('MLFLOW-artifacts:/1/abc')).toBe('mlflow-artifacts');
    expect(uriScheme('file:///tmp/h1')).toBe('file');
    expect(uriScheme('/tmp/h1')).toBeUndefined();
    expect(uriScheme('relative/h1')).toBeUndefined();
    expect(uriScheme('C:\\models\\h1')).toBeUndefined();
  });

  it('fileModelLoader loads a folder, a model.json and a file:// URI', async () => {
    await expectSaved(fileModelLoader, dir);
    await expectSaved(fileModelLoader, join(dir, 'model.json'));
    await expectSaved(fileModelLoader, pathToFileURL(dir).href);
    const error = await rejection(fileModelLoader.load('runs:/abc/model'));
    expect(error.message).toBe('invalid model URI: expected a local path or a file:// URI, received "runs:/abc/model"');
    expect((await rejection(fileModelLoader.load('file://elsewhere/h1'))).message).toMatch(
      /a file:\/\/ URI of a local path/,
    );
  });

  it('createModelLoader dispatches by scheme and keeps paths and file:// local', async () => {
    const calls: string[] = [];
    const recording: ModelLoader = {
      load: async (uri) => {
        calls.push(uri);
        return fileModelLoader.load(dir);
      },
    };
    const loader = createModelLoader({ schemes: { runs: recording, 'Models:': recording } });
    await expectSaved(loader, 'runs:/abc123/model');
    await expectSaved(loader, 'models:/adult-classifier@champion');
    await expectSaved(loader, dir);
    await expectSaved(loader, pathToFileURL(dir).href);
    expect(calls).toEqual(['runs:/abc123/model', 'models:/adult-classifier@champion']);
  });

  it('names the URI and the supported schemes for any other scheme', async () => {
    const loader = createModelLoader({ schemes: { runs: fileModelLoader } });
    const error = await rejection(loader.load('s3://bucket/h1'));
    expect(error.field).toBe('model URI');
    expect(error.message).toBe(
      'invalid model URI: expected a local path or a URI with scheme file:, runs:, received "s3://bucket/h1"',
    );
    expect((await rejection(loader.load('toString:x'))).field).toBe('model URI');
  });

  it('folderModelLoader loads what its resolver fetched to a local folder', async () => {
    const resolved: string[] = [];
    const loader = createModelLoader({
      schemes: {
        runs: folderModelLoader((uri) => {
          resolved.push(uri);
          return Promise.resolve(dir);
        }),
      },
    });
    await expectSaved(loader, 'runs:/abc123/model');
    expect(resolved).toEqual(['runs:/abc123/model']);
  });
});
