import { SWEEP_PROGRESS_QUERY, type SweepProgress, type SweepResult } from '@bcml/core';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand } from '../parse-command.js';
import { sweepProgressLine } from '../sweep-progress-line.js';
import { localResultFiles } from '../local-result-files.js';
import { sweepExitCode, sweepResultText } from '../sweep-result-text.js';
import { withTemporalClient } from '../temporal-client.js';
import { shownTrackingUri } from '../tracking-uri.js';
import { UsageError } from '../usage-error.js';
import { workflowFailureExit } from '../workflow-failure-exit.js';
import { resultThroughOutages } from '../result-through-outages.js';
import { sweepStartCommand } from './sweep-start.js';

/** The usage of `bcml sweep`. */
export const SWEEP_USAGE = `usage: bcml sweep <command>

  start <spec.json> [--id ID] [--wait]   validate a spec and start a compatibility sweep
  status <workflowId>                    the sweep's state and progress (points, epochs)
  cancel <workflowId>                    ask the sweep to stop; it reports the points that completed
  result <workflowId>                    wait for the sweep and print its report path and MLflow run
`;

/** The one workflow id argument of `status`, `cancel` and `result`. */
function workflowIdOf(args: readonly string[], usage: string, io: CliIo): string | undefined {
  const parsed = parseCommand(args, {}, usage);
  if (parsed.help) {
    io.out(usage);
    return undefined;
  }
  const [id, ...extra] = parsed.positionals;
  if (id === undefined) throw new UsageError('missing <workflowId>', usage);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, usage);
  return id;
}

/** `bcml sweep status <id>`. */
async function sweepStatus(args: readonly string[], io: CliIo): Promise<number> {
  const usage =
    'usage: bcml sweep status <workflowId>\n\nPrints the workflow status and, while it runs, its progress.\n';
  const id = workflowIdOf(args, usage, io);
  if (id === undefined) return EXIT.ok;
  return withTemporalClient(io.env, async (client) => {
    const handle = client.workflow.getHandle(id);
    const description = await handle.describe();
    io.out(`workflow ${id}: ${description.status.name}\n`);
    if (description.status.name === 'RUNNING') {
      io.out(`${sweepProgressLine(await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY))}\n`);
    } else if (description.status.name === 'COMPLETED') {
      const result = (await handle.result()) as SweepResult;
      io.out(sweepResultText(result, shownTrackingUri(io.env), await localResultFiles(io.env, id, result)));
    }
    return EXIT.ok;
  });
}

/** `bcml sweep cancel <id>`. */
async function sweepCancel(args: readonly string[], io: CliIo): Promise<number> {
  const usage = 'usage: bcml sweep cancel <workflowId>\n\nAsks the sweep to stop; it then reports what completed.\n';
  const id = workflowIdOf(args, usage, io);
  if (id === undefined) return EXIT.ok;
  return withTemporalClient(io.env, async (client) => {
    await client.workflow.getHandle(id).cancel();
    io.out(`cancellation requested for ${id}; \`bcml sweep result ${id}\` waits for its partial report\n`);
    return EXIT.ok;
  });
}

/** `bcml sweep result <id>`. */
async function sweepResult(args: readonly string[], io: CliIo): Promise<number> {
  const usage =
    'usage: bcml sweep result <workflowId>\n\nWaits for the sweep, then prints its report path and MLflow run.\n' +
    'Exit codes: 0 all points completed, 1 the workflow failed, 3 some points failed or it was cancelled.\n';
  const id = workflowIdOf(args, usage, io);
  if (id === undefined) return EXIT.ok;
  return withTemporalClient(io.env, async (client) => {
    try {
      const result = await resultThroughOutages<SweepResult>(client.workflow.getHandle(id), {
        onOutage: () => io.err('the Temporal server cannot be reached: waiting for it (the sweep goes on)\n'),
      });
      io.out(sweepResultText(result, shownTrackingUri(io.env), await localResultFiles(io.env, id, result)));
      return sweepExitCode(result);
    } catch (error) {
      return workflowFailureExit(error, io);
    }
  });
}

/** `bcml sweep start|status|cancel|result`. */
export async function sweepCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'start':
      return sweepStartCommand(rest, io);
    case 'status':
      return sweepStatus(rest, io);
    case 'cancel':
      return sweepCancel(rest, io);
    case 'result':
      return sweepResult(rest, io);
    case undefined:
    case '-h':
    case '--help':
      io.out(SWEEP_USAGE);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`unknown sweep command ${JSON.stringify(sub)}`, SWEEP_USAGE);
  }
}
