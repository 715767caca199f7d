import { CONTROL_TASK_QUEUE } from '@bcml/core';

import type { CliIo } from './cli-io.js';
import { defaultWorkflowId } from './default-workflow-id.js';
import { EXIT } from './exit-codes.js';
import { localResultFiles, type LocalResultFiles } from './local-result-files.js';
import { parseCommand, stringOption } from './parse-command.js';
import { readSpecFile } from './read-spec-file.js';
import { withTemporalClient } from './temporal-client.js';
import { shownTrackingUri } from './tracking-uri.js';
import { UsageError } from './usage-error.js';
import { workflowFailureExit } from './workflow-failure-exit.js';
import { resultThroughOutages } from './result-through-outages.js';

/** A command that starts one workflow from a spec file: `bcml compare`, `bcml regression`. */
export interface SpecWorkflowCommand<
  S extends { readonly name: string },
  R extends { readonly summaryUri: string; readonly reportUri: string },
> {
  readonly usage: string;
  /** The workflow type started on `bcml-control` (`modelComparison`). */
  readonly workflowType: string;
  /** What the workflow is called in messages (`comparison`). */
  readonly noun: string;
  /** Validates the spec locally (`parseComparisonSpec`); errors are `InvalidInputError`s naming the field. */
  readonly parse: (raw: unknown) => S;
  /** With `--wait`: the text printed for the workflow's result, and the exit code. */
  readonly finished: (
    result: R,
    spec: S,
    trackingUri: string,
    local: LocalResultFiles,
  ) => { readonly text: string; readonly code: number };
}

/**
 * Runs `bcml <command> <spec.json> [--id ID] [--wait]`: validates the spec file locally (a bad one exits 2 naming the
 * field, before contacting Temporal), starts the workflow on `bcml-control` with the file's JSON as input, and with
 * `--wait` waits for its result, copies its results and report here (`localResultFiles`) and prints them (a failed workflow: exit 2 for invalid input, 1 otherwise).
 */
export async function runSpecWorkflowCommand<
  S extends { readonly name: string },
  R extends { readonly summaryUri: string; readonly reportUri: string },
>(command: SpecWorkflowCommand<S, R>, args: readonly string[], io: CliIo): Promise<number> {
  const { usage } = command;
  const parsed = parseCommand(args, { id: { type: 'string' }, wait: { type: 'boolean' } }, usage);
  if (parsed.help) {
    io.out(usage);
    return EXIT.ok;
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined) throw new UsageError('missing <spec.json>', usage);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, usage);
  const { raw, spec } = await readSpecFile(path, command.parse);
  const workflowId = stringOption(parsed, 'id') ?? defaultWorkflowId(spec.name);
  return withTemporalClient(io.env, async (client) => {
    const handle = await client.workflow.start(command.workflowType, {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId,
      args: [raw],
    });
    io.out(`started ${command.noun} ${spec.name}: workflow ${workflowId}\n`);
    if (parsed.values['wait'] !== true) {
      io.out(`its result: temporal workflow result --workflow-id ${workflowId} (or the Temporal UI)\n`);
      return EXIT.ok;
    }
    try {
      const result = await resultThroughOutages<R>(handle, {
        onOutage: () => io.err(`the Temporal server cannot be reached: waiting for it (the ${command.noun} goes on)\n`),
      });
      const local = await localResultFiles(io.env, workflowId, result);
      const { text, code } = command.finished(result, spec, shownTrackingUri(io.env), local);
      io.out(text);
      return code;
    } catch (error) {
      return workflowFailureExit(error, io);
    }
  });
}
