import { temporal } from '@temporalio/proto';

import type { WorkflowHandle } from '@temporalio/client';

/** A workflow history as the client fetches it. */
type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/**
 * Temporal's default per-workflow limits (`limit.historyCount.*`, `limit.historySize.*`, `limit.blobSize.*` of the
 * server's dynamic config): past a warn limit the server logs; past an error limit it terminates the workflow
 * (history) or fails the command (blob).
 */
export const TEMPORAL_LIMITS = {
  historyEventsWarn: 10_240,
  historyEventsError: 51_200,
  historyBytesWarn: 10 * 1024 * 1024,
  historyBytesError: 50 * 1024 * 1024,
  payloadBytesWarn: 512 * 1024,
  payloadBytesError: 2 * 1024 * 1024,
} as const;

/** How big a workflow's history is, as Temporal counts it against its limits. */
export interface HistorySize {
  /** Number of history events. */
  readonly events: number;
  /** The history's protobuf encoding (`temporal.api.history.v1.History`), bytes. */
  readonly bytes: number;
  /** The largest `Payloads` blob of one event (an activity's input or result, a signal's), bytes. */
  readonly largestPayloadBytes: number;
  /** The type of the event that carries it (e.g. `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED`). */
  readonly largestPayloadEvent: string;
}

/** Measures a fetched history: event count, encoded bytes and its largest payload blob. */
export function historySize(history: History): HistorySize {
  const events = history.events ?? [];
  let largestPayloadBytes = 0;
  let largestPayloadEvent = '';
  for (const event of events) {
    for (const payloads of payloadsIn(event)) {
      const bytes = temporal.api.common.v1.Payloads.encode(payloads).finish().length;
      if (bytes > largestPayloadBytes) {
        largestPayloadBytes = bytes;
        largestPayloadEvent = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType);
      }
    }
  }
  return {
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    largestPayloadBytes,
    largestPayloadEvent,
  };
}

/** Every `Payloads` message (`{ payloads: [...] }`) nested in `value`. */
function payloadsIn(value: unknown): temporal.api.common.v1.IPayloads[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['payloads'])) return [record];
  return Object.values(record).flatMap(payloadsIn);
}
