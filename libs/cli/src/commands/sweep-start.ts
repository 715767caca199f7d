import { CONTROL_TASK_QUEUE, parseSweepSpec } from '@bcml/core';

import type { CliIo } from '../cli-io.js';
import { defaultWorkflowId } from '../default-workflow-id.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { readSpecFile } from '../read-spec-file.js';
import { localResultFiles } from '../local-result-files.js';
import { sweepExitCode, sweepResultText } from '../sweep-result-text.js';
import { withTemporalClient } from '../temporal-client.js';
import { shownTrackingUri } from '../tracking-uri.js';
import { UsageError } from '../usage-error.js';
import { waitForSweep } from '../wait-for-sweep.js';
import { workflowFailureExit } from '../workflow-failure-exit.js';

/** The usage of `bcml sweep start`. */
export const SWEEP_START_USAGE = `usage: bcml sweep start <spec.json> [--id WORKFLOW_ID] [--wait]

Validates the sweep spec, then starts the compatibilitySweep workflow on the bcml-control task queue.
  --id ID     the workflow id (default: <spec name>-<timestamp>)
  --wait      show live progress (points done/running/failed, epochs of running points) until the sweep ends,
              then print the report path and the MLflow parent run URL (Ctrl-C stops waiting, not the sweep:
              \`bcml sweep result <id>\` picks it up again)
Exit codes: 0 ok, 1 failure, 2 invalid spec, 3 (with --wait) some points failed or the sweep was cancelled.
`;

/** `bcml sweep start`: validates the spec locally, starts the sweep, and optionally waits for it with progress. */
export async function sweepStartCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { id: { type: 'string' }, wait: { type: 'boolean' } }, SWEEP_START_USAGE);
  if (parsed.help) {
    io.out(SWEEP_START_USAGE);
    return EXIT.ok;
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined) throw new UsageError('missing <spec.json>', SWEEP_START_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, SWEEP_START_USAGE);
  const { raw, spec } = await readSpecFile(path, parseSweepSpec);
  const workflowId = stringOption(parsed, 'id') ?? defaultWorkflowId(spec.name);
  return withTemporalClient(io.env, async (client) => {
    const handle = await client.workflow.start('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId,
      args: [raw],
    });
    io.out(`started sweep ${spec.name}: workflow ${workflowId}\n`);
    if (parsed.values['wait'] !== true) {
      io.out(`follow it with: bcml sweep status ${workflowId}\n`);
      return EXIT.ok;
    }
    try {
      const result = await waitForSweep(handle, io, { inPlace: process.stderr.isTTY });
      io.out(sweepResultText(result, shownTrackingUri(io.env), await localResultFiles(io.env, workflowId, result)));
      return sweepExitCode(result);
    } catch (error) {
      return workflowFailureExit(error, io);
    }
  });
}
