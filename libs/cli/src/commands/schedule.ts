import { CONTROL_TASK_QUEUE, parseRegressionSpec, parseSweepSpec } from '@bcml/core';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand, stringOption, type ParsedCommand } from '../parse-command.js';
import { readSpecFile } from '../read-spec-file.js';
import { withTemporalClient } from '../temporal-client.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml schedule`. */
export const SCHEDULE_USAGE = `usage: bcml schedule <command>

  create <spec.json> --cron EXPR [--id ID] [--workflow regression|sweep]
                         validate the spec, then create a Temporal schedule that starts the workflow with it
                         (default compatibilityRegression: the nightly check), overlap policy skip
  describe <id>          the schedule's workflow, cron, next runs and recent runs
  trigger <id>           start one run now
  delete <id>            delete the schedule (its past runs stay)

  --cron EXPR            a cron expression, e.g. "0 3 * * *" (03:00 UTC every day); "CRON_TZ=Europe/Paris 0 3 * * *"
  --id ID                the schedule id, also the prefix of its runs' workflow ids (default: the spec's name)
  --workflow W           regression (a regression spec, default) or sweep (a sweep spec: a recurring retrain)
Exit codes: 0 ok, 1 failure, 2 usage, invalid spec or cron, an existing or unknown schedule id.
`;

const WORKFLOWS = {
  regression: { type: 'compatibilityRegression', parse: parseRegressionSpec },
  sweep: { type: 'compatibilitySweep', parse: parseSweepSpec },
} as const;

/** `bcml schedule create|describe|trigger|delete`: Temporal schedules of the bcml workflows. */
export async function scheduleCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parseCommand(
    rest,
    { cron: { type: 'string' }, id: { type: 'string' }, workflow: { type: 'string' } },
    SCHEDULE_USAGE,
  );
  if (sub === undefined || sub === '--help' || sub === '-h' || parsed.help) {
    io.out(SCHEDULE_USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub === 'create') return createSchedule(parsed, io);
  if (sub !== 'describe' && sub !== 'trigger' && sub !== 'delete') {
    throw new UsageError(`unknown schedule command ${JSON.stringify(sub)}`, SCHEDULE_USAGE);
  }
  const [id, ...extra] = parsed.positionals;
  if (id === undefined) throw new UsageError('missing <id>', SCHEDULE_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, SCHEDULE_USAGE);
  return withTemporalClient(io.env, (client) =>
    knownSchedule(io, id, async () => {
      const handle = client.schedule.getHandle(id);
      if (sub === 'trigger') {
        await handle.trigger();
        io.out(`triggered schedule ${id}: bcml schedule describe ${id} lists its runs\n`);
      } else if (sub === 'delete') {
        await handle.delete();
        io.out(`deleted schedule ${id}\n`);
      } else {
        io.out(await describeSchedule(client, id));
      }
      return EXIT.ok;
    }),
  );
}

async function createSchedule(parsed: ParsedCommand, io: CliIo): Promise<number> {
  const [path, ...extra] = parsed.positionals;
  if (path === undefined) throw new UsageError('missing <spec.json>', SCHEDULE_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, SCHEDULE_USAGE);
  const cron = stringOption(parsed, 'cron')?.trim();
  if (cron === undefined || cron === '')
    throw new UsageError('missing --cron, e.g. --cron "0 3 * * *"', SCHEDULE_USAGE);
  const kind = stringOption(parsed, 'workflow') ?? 'regression';
  if (kind !== 'regression' && kind !== 'sweep') {
    throw new UsageError(
      `invalid --workflow: expected regression or sweep, received ${JSON.stringify(kind)}`,
      SCHEDULE_USAGE,
    );
  }
  const workflow = WORKFLOWS[kind];
  // The spec is checked here, once: a bad one would otherwise fail every night.
  const { raw, spec } = await readSpecFile(path, workflow.parse as (value: unknown) => { readonly name: string });
  const id = stringOption(parsed, 'id') ?? spec.name;
  return withTemporalClient(io.env, async (client) => {
    try {
      await client.schedule.create({
        scheduleId: id,
        spec: { cronExpressions: [cron] },
        action: {
          type: 'startWorkflow',
          workflowType: workflow.type,
          taskQueue: CONTROL_TASK_QUEUE,
          workflowId: id,
          args: [raw],
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
        // The server keeps a cron expression only in its structured form: the memo keeps the text for describe.
        memo: { cron },
      });
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) {
        io.err(`bcml: schedule ${id} exists already: delete it first (bcml schedule delete ${id}) or pass --id\n`);
        return EXIT.usage;
      }
      if (isInvalidArgument(error)) {
        io.err(`bcml: invalid --cron ${JSON.stringify(cron)}: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    io.out(`created schedule ${id}: ${workflow.type} of ${spec.name} at "${cron}" (overlap: skip)\n`);
    io.out(await describeSchedule(client, id));
    return EXIT.ok;
  });
}

/** Runs `body`; an unknown schedule id exits 2 with a message. */
async function knownSchedule(io: CliIo, id: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      io.err(`bcml: no schedule ${JSON.stringify(id)}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** A few lines on a schedule: workflow, cron, overlap policy, next and recent runs. */
async function describeSchedule(client: Client, id: string): Promise<string> {
  const described = await client.schedule.getHandle(id).describe();
  const action = described.action;
  const lines = [
    `schedule ${id}${described.state.paused ? ' (paused)' : ''}`,
    `  workflow:  ${action.type === 'startWorkflow' ? `${action.workflowType} on ${action.taskQueue}` : action.type}`,
    `  cron:      ${typeof described.memo?.['cron'] === 'string' ? described.memo['cron'] : describeCalendars(described.spec)}`,
    `  overlap:   ${(described.policies.overlap ?? 'SKIP').toLowerCase()}`,
    `  next runs: ${
      described.info.nextActionTimes
        .slice(0, 3)
        .map((t) => t.toISOString())
        .join(', ') || 'none'
    }`,
  ];
  const recent = described.info.recentActions;
  lines.push(`  recent runs: ${recent.length === 0 ? 'none' : ''}`);
  for (const run of recent.slice(-5)) lines.push(`    ${run.takenAt.toISOString()}  ${run.action.workflow.workflowId}`);
  return `${lines.join('\n')}\n`;
}

function describeCalendars(spec: { readonly calendars?: readonly unknown[] }): string {
  return spec.calendars === undefined || spec.calendars.length === 0 ? 'none' : `${spec.calendars.length} calendar(s)`;
}

/**
 * The server refusing the schedule's spec: a gRPC INVALID_ARGUMENT (code 3), or the message the server gives an
 * unparsable cron expression ("CronString does not have 5-7 fields").
 */
function isInvalidArgument(error: unknown): boolean {
  let current: unknown = error;
  while (current instanceof Error) {
    if ((current as { code?: unknown }).code === 3 || /\bcron/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
