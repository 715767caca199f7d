import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { formatDuration } from '@bcml/core';
import { createStack, localClientEnv, resolveStackConfig } from '@bcml/infra';

import type { CliIo } from '../cli-io.js';
import { prepareDemoH1 } from '../demo-h1.js';
import { DEMO_SWEEP_DEFAULTS, demoSweepSpec } from '../demo-sweep-spec.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';
import { stackUrls, startWorkerServices } from './stack.js';
import { sweepStartCommand } from './sweep-start.js';

/** The usage of `bcml demo`. */
export const DEMO_USAGE = `usage: bcml demo

The main job (\`npm start\` runs it after bootstrap): brings up the stack, a control worker and a cpu trainer
process per core (background services; \`bcml stack down\` stops them all), trains h1 (logistic regression on 10% of Adult's
train split) into <BCML_DATA_DIR>/demo/h1, writes <BCML_DATA_DIR>/demo/adult-sweep.json (h2: MLP on all of train;
new-error and strict-imitation cross-entropy; λ ∈ {0, 0.25, 0.5, 0.75, 1}), runs it with live progress, and
prints the report path and the MLflow run URL. Exit codes as \`bcml sweep start --wait\`.
`;

/** `bcml demo`: stack + workers + h1 + the Adult sweep, waited for with progress. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, {}, DEMO_USAGE);
  if (parsed.help) {
    io.out(DEMO_USAGE);
    return EXIT.ok;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`, DEMO_USAGE);
  }
  const started = Date.now();
  const config = resolveStackConfig(io.env);
  io.out('== stack\n');
  for (const [name, outcome] of Object.entries(await createStack(config).up())) io.out(`${name}: ${outcome}\n`);
  const trainers = availableParallelism();
  await startWorkerServices(config, io, trainers);
  io.out(stackUrls(config));

  const demoDir = join(config.dataDir, 'demo');
  const h1Dir = join(demoDir, 'h1');
  io.out('== h1: logistic regression on 10% of Adult train\n');
  io.out(`${(await prepareDemoH1(h1Dir)) ? 'trained' : 'kept'} ${h1Dir}\n`);
  const specPath = join(demoDir, 'adult-sweep.json');
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(
    specPath,
    `${JSON.stringify(demoSweepSpec(h1Dir, { ...DEMO_SWEEP_DEFAULTS, parallelism: Math.max(DEMO_SWEEP_DEFAULTS.parallelism, trainers) }), null, 2)}\n`,
  );
  io.out(`== sweep ${specPath}\n`);
  const env = { ...io.env, ...localClientEnv(config) };
  const code = await sweepStartCommand([specPath, '--wait'], { ...io, env });
  io.out(
    `demo finished in ${formatDuration(Date.now() - started, 0)}. ` +
      'Stop the stack and the workers with `npm run stack:down` (or `npm run bcml -- stack down`).\n',
  );
  return code;
}
