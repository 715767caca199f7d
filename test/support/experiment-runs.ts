import type { MlflowClient, Run } from '@bcml/tracking';

/** Every run of the experiment named `experiment` (none when the experiment does not exist). */
export async function experimentRuns(tracking: MlflowClient, experiment: string): Promise<Run[]> {
  const found = await tracking.getExperimentByName(experiment);
  if (found === undefined) return [];
  const runs: Run[] = [];
  for await (const run of tracking.searchRuns({ experimentIds: [found.experimentId] })) runs.push(run);
  return runs;
}
