import { describe, expect, it } from 'vitest';

import { BackendUnavailableError, backendNames, selectBackend, type TrainingLogger } from '@bcml/training';
import { getBackend } from '@tensorflow/tfjs-core';

/** A logger that records its messages. */
function recorder(): TrainingLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, info: (message) => void messages.push(message) };
}

/** The BackendUnavailableError the promise rejects with. */
async function unavailable(promise: Promise<unknown>): Promise<BackendUnavailableError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(BackendUnavailableError);
    return e as BackendUnavailableError;
  }
  return expect.fail('expected a BackendUnavailableError');
}

describe('selectBackend', () => {
  it('selects native TensorFlow (tfjs-node) by default name and logs it', async () => {
    const logger = recorder();
    const selected = await selectBackend('tensorflow', { logger });
    expect(getBackend()).toBe('tensorflow');
    expect(selected).toMatchObject({
      name: 'tensorflow',
      tfjsBackend: 'tensorflow',
      device: 'cpu',
      package: '@tensorflow/tfjs-node',
    });
    expect(selected.tensorflow).toMatch(/^2\.\d+/);
    expect(logger.messages).toEqual([
      expect.stringMatching(
        /^tfjs backend tensorflow: tensorflow on CPU \(@tensorflow\/tfjs-node, tfjs 4\.22\.0, TensorFlow 2\./,
      ),
    ]);
  });

  it('refuses tensorflow-gpu when the GPU install has not built @tensorflow/tfjs-node-gpu, saying why', async () => {
    // What tfjs-node-gpu throws on a machine bootstrapped without BCML_GPU=1 (its addon is never built there).
    const notBuilt = new Error(
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: .../lib/napi-v8/tfjs_binding.node',
    );
    const error = await unavailable(selectBackend('tensorflow-gpu', { importPackage: () => Promise.reject(notBuilt) }));
    expect(error.message).toMatch(/^backend tensorflow-gpu unavailable: cannot load @tensorflow\/tfjs-node-gpu \(/);
    expect(error.message).toMatch(/tfjs_binding\.node\) can not be found/);
    expect(error.message).toMatch(/BCML_GPU=1 npm run bootstrap/);
    expect(error.retryable).toBe(false);
    expect(getBackend()).toBe('tensorflow');
  });

  it('refuses tensorflow-gpu when TensorFlow sees no GPU (never falls back to the CPU)', async () => {
    const logger = recorder();
    // The package "loads" (a stand-in), but the native backend it leaves active is the CPU build.
    const error = await unavailable(
      selectBackend('tensorflow-gpu', { logger, importPackage: () => import('@tensorflow/tfjs-node') }),
    );
    expect(error.message).toMatch(/TensorFlow sees no GPU/);
    expect(logger.messages).toEqual([]);
  });

  it('runs tensorflow-gpu on the CPU with requireGpu: false when TensorFlow sees no GPU, and says so', async () => {
    const logger = recorder();
    const selected = await selectBackend('tensorflow-gpu', {
      logger,
      requireGpu: false,
      importPackage: () => import('@tensorflow/tfjs-node'),
    });
    expect(getBackend()).toBe('tensorflow');
    expect(selected).toMatchObject({
      name: 'tensorflow-gpu',
      tfjsBackend: 'tensorflow',
      device: 'cpu',
      package: '@tensorflow/tfjs-node-gpu',
    });
    expect(logger.messages).toEqual([
      expect.stringMatching(/^tfjs backend tensorflow-gpu: tensorflow on CPU \(.*\): TensorFlow sees no GPU$/),
    ]);
  });

  it('selects the pure-JS backend only when asked, logging that it is slow, and back', async () => {
    const logger = recorder();
    const selected = await selectBackend('cpu-js', { logger });
    expect(getBackend()).toBe('cpu');
    expect(selected).toMatchObject({ name: 'cpu-js', tfjsBackend: 'cpu', tensorflow: null });
    expect(logger.messages[0]).toMatch(/pure JavaScript kernels: slow, for debugging/);
    await selectBackend('tensorflow');
    expect(getBackend()).toBe('tensorflow');
  });

  it('rejects unknown names', async () => {
    expect(backendNames).toEqual(['tensorflow', 'tensorflow-gpu', 'cpu-js']);
    await expect(selectBackend('webgl' as 'cpu-js')).rejects.toThrow(
      'invalid backend: expected one of tensorflow, tensorflow-gpu, cpu-js, received "webgl"',
    );
  });

  it('reports a package that fails to load', async () => {
    const error = await unavailable(
      selectBackend('tensorflow', {
        importPackage: () => Promise.reject(new Error('libtensorflow.so.2: cannot open shared object file')),
      }),
    );
    expect(error.message).toMatch(/cannot load @tensorflow\/tfjs-node \(libtensorflow\.so\.2: cannot open/);
  });
});
