import { InvalidInputError } from '@bcml/core';
import { backend, findBackendFactory, getBackend, ready, setBackend, version_core } from '@tensorflow/tfjs-core';

import { BackendUnavailableError } from './backend-unavailable-error.js';
import { silentLogger, type TrainingLogger } from './training-logger.js';

/** The backends a trainer can run on: native TensorFlow on CPU (default) or GPU, or pure JS (debugging only). */
export const backendNames = ['tensorflow', 'tensorflow-gpu', 'cpu-js'] as const;

/** A backend name: `tensorflow` (tfjs-node), `tensorflow-gpu` (tfjs-node-gpu) or `cpu-js` (pure JS, slow). */
export type BackendName = (typeof backendNames)[number];

/** What `selectBackend` set up. */
export interface SelectedBackend {
  readonly name: BackendName;
  /** The tfjs backend now active: `tensorflow` or `cpu`. */
  readonly tfjsBackend: string;
  /** Where kernels run. */
  readonly device: 'cpu' | 'gpu';
  /** The npm package that provides the backend. */
  readonly package: string;
  /** tfjs-core's version. */
  readonly tfjs: string;
  /** The native TensorFlow library's version (`null` for `cpu-js`). */
  readonly tensorflow: string | null;
}

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  readonly logger?: TrainingLogger;
  /** Imports a package by name (default: dynamic `import()`); tests pass a fake to simulate a missing package. */
  readonly importPackage?: (specifier: string) => Promise<unknown>;
  /**
   * `tensorflow-gpu` only: refuse to start unless TensorFlow sees a GPU (default `true`); `false` runs on the CPU
   * when it sees none, reported as `device: 'cpu'` and in the log line.
   */
  readonly requireGpu?: boolean;
}

const NODE = '@tensorflow/tfjs-node';
const NODE_GPU = '@tensorflow/tfjs-node-gpu';

/** The native package `selectBackend` activated last (for its `node` namespace), if any. */
let nativePackage: string | undefined;

/** The native tfjs package (`@tensorflow/tfjs-node` or `-gpu`) the process selected, or undefined (none, or cpu-js). */
export function loadedNativePackage(): string | undefined {
  return nativePackage;
}

/**
 * Loads and activates a tfjs backend, then logs what it selected. `tensorflow` imports tfjs-node (native
 * TensorFlow, CPU); `tensorflow-gpu` imports tfjs-node-gpu and refuses to start unless TensorFlow sees a GPU
 * (or, with `requireGpu: false`, runs on the CPU and says so); `cpu-js` is the pure-JS backend, only when asked for
 * by name. Nothing falls back silently: a backend that cannot start throws a `BackendUnavailableError` saying why.
 */
export async function selectBackend(name: BackendName, options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  if (!(backendNames as readonly unknown[]).includes(name)) {
    throw new InvalidInputError('backend', `one of ${backendNames.join(', ')}`, name);
  }
  const logger = options.logger ?? silentLogger;
  const importPackage = options.importPackage ?? importByName;
  let selected: SelectedBackend;
  switch (name) {
    case 'tensorflow': {
      await load(name, NODE, importPackage, `it ships with bcml; run the bootstrap (npm run bootstrap)`);
      await activate(name, 'tensorflow');
      selected = describeNative(name, NODE, nativeUsesGpu() ? 'gpu' : 'cpu');
      nativePackage = NODE;
      break;
    }
    case 'tensorflow-gpu': {
      await load(
        name,
        NODE_GPU,
        importPackage,
        `its addon is built only by the GPU install (BCML_GPU=1 npm run bootstrap)`,
      );
      await activate(name, 'tensorflow');
      const gpu = nativeUsesGpu();
      if (!gpu && options.requireGpu !== false) {
        throw new BackendUnavailableError(
          name,
          `TensorFlow sees no GPU (check the NVIDIA driver's libcuda.so.1, CUDA_VISIBLE_DEVICES and that ` +
            `BCML_GPU=1 npm run bootstrap built the addon; ${NODE} must not be loaded first in the same process)`,
        );
      }
      selected = describeNative(name, NODE_GPU, gpu ? 'gpu' : 'cpu');
      nativePackage = NODE_GPU;
      break;
    }
    case 'cpu-js': {
      // The pure-JS kernels come with @tensorflow/tfjs, which tfjs-node depends on and registers.
      if (findBackendFactory('cpu') === null) await load(name, NODE, importPackage, 'it provides @tensorflow/tfjs');
      await activate(name, 'cpu');
      nativePackage = undefined;
      selected = {
        name,
        tfjsBackend: 'cpu',
        device: 'cpu',
        package: '@tensorflow/tfjs',
        tfjs: version_core,
        tensorflow: null,
      };
      break;
    }
  }
  logger.info(
    `tfjs backend ${selected.name}: ${selected.tfjsBackend} on ${selected.device.toUpperCase()} (${selected.package}, tfjs ${selected.tfjs}` +
      (selected.tensorflow === null
        ? ', pure JavaScript kernels: slow, for debugging)'
        : `, TensorFlow ${selected.tensorflow})`) +
      (selected.name === 'tensorflow-gpu' && selected.device === 'cpu' ? ': TensorFlow sees no GPU' : ''),
    { ...selected },
  );
  return selected;
}

function importByName(specifier: string): Promise<unknown> {
  return import(specifier);
}

async function load(
  name: BackendName,
  specifier: string,
  importPackage: (specifier: string) => Promise<unknown>,
  hint: string,
): Promise<void> {
  try {
    await importPackage(specifier);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BackendUnavailableError(name, `cannot load ${specifier} (${reason}); ${hint}`, error);
  }
}

async function activate(name: BackendName, tfjsBackend: string): Promise<void> {
  if (findBackendFactory(tfjsBackend) === null) {
    throw new BackendUnavailableError(name, `the tfjs backend "${tfjsBackend}" is not registered`);
  }
  let ok = false;
  try {
    ok = await setBackend(tfjsBackend);
    await ready();
  } catch (error) {
    throw new BackendUnavailableError(name, `the tfjs backend "${tfjsBackend}" failed to start`, error);
  }
  if (!ok || getBackend() !== tfjsBackend) {
    throw new BackendUnavailableError(name, `the tfjs backend "${tfjsBackend}" failed to start`);
  }
}

/** The native backend's binding, as far as we read it. */
interface NativeBinding {
  readonly TF_Version?: unknown;
  isUsingGpuDevice?: () => unknown;
}

function binding(): NativeBinding | undefined {
  const active: unknown = backend();
  if (typeof active !== 'object' || active === null || !('binding' in active)) return undefined;
  const value: unknown = active.binding;
  return typeof value === 'object' && value !== null ? value : undefined;
}

function nativeUsesGpu(): boolean {
  const native = binding();
  return typeof native?.isUsingGpuDevice === 'function' && native.isUsingGpuDevice() === true;
}

function describeNative(name: BackendName, pkg: string, device: 'cpu' | 'gpu'): SelectedBackend {
  const tf = binding()?.TF_Version;
  return {
    name,
    tfjsBackend: 'tensorflow',
    device,
    package: pkg,
    tfjs: version_core,
    tensorflow: typeof tf === 'string' ? tf : 'unknown',
  };
}
