import type { StackProbeActivities } from '@bcml/core';
import { activityInfo } from '@temporalio/activity';

/** Dependencies of the probe activities. */
export interface StackProbeDeps {
  /** A name for this worker process, reported back to the workflow. */
  readonly workerIdentity: string;
}

/** Builds the activities of the `stackProbe` workflow. */
export function createStackProbeActivities(deps: StackProbeDeps): StackProbeActivities {
  return {
    probeWorker: (input) =>
      Promise.resolve({
        echoed: input.message,
        taskQueue: activityInfo().taskQueue,
        workerIdentity: deps.workerIdentity,
      }),
  };
}
