/** The worker pools that train h2: `cpu` (tfjs-node) and `gpu` (tfjs-node-gpu). */
export type WorkerPool = 'cpu' | 'gpu';

/** Task queue of the control pool: workflows and the prepare, reduce and report activities. */
export const CONTROL_TASK_QUEUE = 'bcml-control';

/** Task queue of a trainer pool: `bcml-train-cpu` or `bcml-train-gpu`. */
export function trainTaskQueue(pool: WorkerPool): `bcml-train-${WorkerPool}` {
  return `bcml-train-${pool}`;
}
