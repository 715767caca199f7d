export { BcmlError, describe, InvalidInputError, type BcmlErrorContext } from './bcml-error.js';
export {
  parseStackProbeInput,
  type StackProbeActivities,
  type StackProbeInput,
  type StackProbeReply,
  type StackProbeResult,
} from './stack-probe.js';
export { CONTROL_TASK_QUEUE, trainTaskQueue, type WorkerPool } from './task-queues.js';
