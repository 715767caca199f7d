import { InvalidInputError } from './bcml-error.js';
import { recordAt } from './json-object.js';

/** Input of the `stackProbe` workflow: proves that a workflow reaches a worker's activity and returns. */
export interface StackProbeInput {
  readonly message: string;
}

/** What the probe activity reports about the worker that ran it. */
export interface StackProbeReply {
  readonly echoed: string;
  readonly taskQueue: string;
  readonly workerIdentity: string;
}

/** Result of the `stackProbe` workflow. */
export interface StackProbeResult extends StackProbeReply {
  readonly workflowId: string;
}

/** Activities the probe workflow calls; implemented in `workers/` by `createStackProbeActivities`. */
export interface StackProbeActivities {
  readonly probeWorker: (input: StackProbeInput) => Promise<StackProbeReply>;
}

/** Validates a `stackProbe` input at the edge; a bad one is an `InvalidInputError` naming the field. */
export function parseStackProbeInput(input: unknown): StackProbeInput {
  const { message } = recordAt('input', input);
  if (typeof message !== 'string' || message.length === 0 || message.length > 1000) {
    throw new InvalidInputError('input.message', 'a string of 1 to 1000 characters', message);
  }
  return { message };
}
