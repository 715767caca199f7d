import { type TrainPackHeartbeat, type TrainPointHeartbeat } from '@bcml/core';
import { type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/** A running `trainPoint` or `trainPack` attempt as the server sees it: its attempt, worker and last heartbeat. */
export interface PendingTrain {
  readonly activity: 'trainPoint' | 'trainPack';
  readonly attempt: number;
  readonly identity: string;
  /** `TrainPointHeartbeat` (`checkpointUri`) or `TrainPackHeartbeat` (`checkpointUris`). */
  readonly heartbeat: (Partial<TrainPointHeartbeat> & Partial<TrainPackHeartbeat>) | undefined;
}

/** The workflow's pending `trainPoint` and `trainPack` activities, from `describe()`. */
export async function pendingTrains(handle: WorkflowHandle): Promise<PendingTrain[]> {
  const { raw } = await handle.describe();
  return (raw.pendingActivities ?? [])
    .filter((a) => a.activityType?.name === 'trainPoint' || a.activityType?.name === 'trainPack')
    .map((pending) => {
      const payload = pending.heartbeatDetails?.payloads?.[0];
      return {
        activity: pending.activityType?.name === 'trainPack' ? 'trainPack' : 'trainPoint',
        attempt: pending.attempt ?? 0,
        identity: pending.lastWorkerIdentity ?? '',
        heartbeat:
          payload === undefined ? undefined : defaultPayloadConverter.fromPayload<PendingTrain['heartbeat']>(payload),
      };
    });
}
