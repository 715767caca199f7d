import { type TrainPointHeartbeat } from '@bcml/core';
import { type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/** A running `trainPoint` attempt as the server sees it: its attempt, worker and last heartbeated details. */
export interface PendingTrain {
  readonly attempt: number;
  readonly identity: string;
  readonly heartbeat: TrainPointHeartbeat | undefined;
}

/** The workflow's pending `trainPoint` activities, from `describe()`. */
export async function pendingTrains(handle: WorkflowHandle): Promise<PendingTrain[]> {
  const { raw } = await handle.describe();
  return (raw.pendingActivities ?? [])
    .filter((a) => a.activityType?.name === 'trainPoint')
    .map((pending) => {
      const payload = pending.heartbeatDetails?.payloads?.[0];
      return {
        attempt: pending.attempt ?? 0,
        identity: pending.lastWorkerIdentity ?? '',
        heartbeat:
          payload === undefined ? undefined : defaultPayloadConverter.fromPayload<TrainPointHeartbeat>(payload),
      };
    });
}
