import { describe, expect, it } from 'vitest';

import { workerDeviceLine } from '@bcml/cli';
import type { SelectedBackend } from '@bcml/training';

/** A native backend as `selectBackend` reports it. */
function native(name: SelectedBackend['name'], device: SelectedBackend['device']): SelectedBackend {
  const pkg = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  return { name, tfjsBackend: 'tensorflow', device, package: pkg, tfjs: '4.22.0', tensorflow: '2.21.0' };
}

describe('workerDeviceLine', () => {
  it('names the GPU TensorFlow found, with the package and TensorFlow version', () => {
    expect(workerDeviceLine(native('tensorflow-gpu', 'gpu'))).toBe(
      'bcml worker: device GPU:0 (@tensorflow/tfjs-node-gpu, TensorFlow 2.21.0)',
    );
  });

  it('says that the gpu pool found no GPU and runs on the CPU', () => {
    expect(workerDeviceLine(native('tensorflow-gpu', 'cpu'))).toBe(
      'bcml worker: no GPU visible to libtensorflow; running on CPU (@tensorflow/tfjs-node-gpu, TensorFlow 2.21.0)',
    );
  });

  it('names the CPU of the CPU backends', () => {
    expect(workerDeviceLine(native('tensorflow', 'cpu'))).toBe(
      'bcml worker: device CPU (@tensorflow/tfjs-node, TensorFlow 2.21.0)',
    );
    const js: SelectedBackend = {
      name: 'cpu-js',
      tfjsBackend: 'cpu',
      device: 'cpu',
      package: '@tensorflow/tfjs',
      tfjs: '4.22.0',
      tensorflow: null,
    };
    expect(workerDeviceLine(js)).toBe('bcml worker: device CPU (@tensorflow/tfjs, pure JavaScript kernels)');
  });
});
