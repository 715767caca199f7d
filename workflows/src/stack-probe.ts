import { parseStackProbeInput, type StackProbeActivities, type StackProbeResult } from '@bcml/core';
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';

const { probeWorker } = proxyActivities<StackProbeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/** Proves the stack end to end: the workflow runs on the server, calls a worker's activity, and returns. */
export async function stackProbe(input: unknown): Promise<StackProbeResult> {
  let parsed;
  try {
    parsed = parseStackProbeInput(input);
  } catch (error) {
    throw ApplicationFailure.nonRetryable((error as Error).message, 'InvalidInputError');
  }
  const reply = await probeWorker(parsed);
  return { workflowId: workflowInfo().workflowId, ...reply };
}
