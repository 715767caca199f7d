import type { SelectedBackend } from '@bcml/training';

/**
 * The line `bcml worker` prints about where its kernels run: the GPU TensorFlow found (the native binding uses the
 * first GPU device, `GPU:0`), that the gpu pool found none and runs on the CPU, or the CPU of a CPU backend.
 */
export function workerDeviceLine(backend: SelectedBackend): string {
  const library = backend.tensorflow === null ? 'pure JavaScript kernels' : `TensorFlow ${backend.tensorflow}`;
  const source = `${backend.package}, ${library}`;
  if (backend.device === 'gpu') return `bcml worker: device GPU:0 (${source})`;
  if (backend.name === 'tensorflow-gpu')
    return `bcml worker: no GPU visible to libtensorflow; running on CPU (${source})`;
  return `bcml worker: device CPU (${source})`;
}
