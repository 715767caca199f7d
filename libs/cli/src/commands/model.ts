import { resolve } from 'node:path';

import { createMlflowClient, trackingConfigFromEnv } from '@bcml/tracking';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { importKeras } from '../import-keras.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { MODEL_REGISTRATION_EXPERIMENT, registerModel } from '../register-model.js';
import { mlflowRunUrl } from '../sweep-result-text.js';
import { trackingUri } from '../tracking-uri.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml model`. */
export const MODEL_USAGE = `usage: bcml model <command>

  register <model-uri-or-folder> --name NAME [--alias ALIAS]... [--experiment NAME]
                             register a model version in the MLflow model registry and point aliases at it
  import-keras <model.keras> <out-folder>
                             convert a Keras 3 model file into a tfjs model folder (usable as h1.uri, or registered)
`;

/** The usage of `bcml model import-keras`. */
export const MODEL_IMPORT_KERAS_USAGE = `usage: bcml model import-keras <model.keras> <out-folder>

Converts a Keras 3 model file (model.save("model.keras")) into a TensorFlow.js model folder (model.json +
weights.bin) with bcml's converter (infra/python/keras_to_tfjs.py, run by the project's Python toolchain). The folder
works as a sweep's or comparison's h1.uri and with bcml model register. Sequential and functional models of Dense,
Conv2D, DepthwiseConv2D, BatchNormalization, Embedding, pooling, dropout, activation, flatten/reshape, padding, Add and
Concatenate layers convert; any other layer is refused by name.
Exit codes: 0 ok, 1 failure, 2 usage or invalid input.
`;

/** `bcml model import-keras`. */
async function modelImportKeras(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, {}, MODEL_IMPORT_KERAS_USAGE);
  if (parsed.help) {
    io.out(MODEL_IMPORT_KERAS_USAGE);
    return EXIT.ok;
  }
  const [source, outDir, ...extra] = parsed.positionals;
  if (source === undefined) throw new UsageError('missing <model.keras>', MODEL_IMPORT_KERAS_USAGE);
  if (outDir === undefined) throw new UsageError('missing <out-folder>', MODEL_IMPORT_KERAS_USAGE);
  if (extra.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, MODEL_IMPORT_KERAS_USAGE);
  const target = resolve(outDir);
  await importKeras(resolve(source), target, io.env, '<model.keras>');
  io.err(`converted ${source} into the tfjs model folder ${target}\n`);
  io.out(`${target}\n`);
  return EXIT.ok;
}

/** The usage of `bcml model register`. */
export const MODEL_REGISTER_USAGE = `usage: bcml model register <model-uri-or-folder> --name NAME [--alias ALIAS]... [--experiment NAME]

Registers a model as a new version of NAME in the MLflow model registry (MLFLOW_TRACKING_URI) and prints its URI,
models:/NAME/<version>. A saved tfjs model folder (or file:// URI) is first logged to a new run of the experiment;
runs:/<run>/<path> is registered from that run; models:/… is copied into a new run.
  --name NAME          the registered model (created when missing), as a regression spec's "registeredModel"
  --alias ALIAS        point ALIAS (e.g. champion, challenger) at the new version; repeatable
  --experiment NAME    where a folder is logged (default ${MODEL_REGISTRATION_EXPERIMENT})
Exit codes: 0 ok, 1 failure, 2 usage or invalid input.
`;

/** `bcml model register`. */
async function modelRegister(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      name: { type: 'string' },
      alias: { type: 'string', multiple: true },
      experiment: { type: 'string' },
    },
    MODEL_REGISTER_USAGE,
  );
  if (parsed.help) {
    io.out(MODEL_REGISTER_USAGE);
    return EXIT.ok;
  }
  const [source, ...extra] = parsed.positionals;
  if (source === undefined) throw new UsageError('missing <model-uri-or-folder>', MODEL_REGISTER_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, MODEL_REGISTER_USAGE);
  const name = stringOption(parsed, 'name');
  if (name === undefined) throw new UsageError('missing --name', MODEL_REGISTER_USAGE);
  // parseCommand joins a repeated option's values with ","; an alias never holds one.
  const aliases = stringOption(parsed, 'alias')?.split(',') ?? [];
  const experiment = stringOption(parsed, 'experiment');
  const tracking = createMlflowClient(trackingConfigFromEnv({ ...io.env, MLFLOW_TRACKING_URI: trackingUri(io.env) }));
  const registered = await registerModel(tracking, source, {
    name,
    aliases,
    ...(experiment === undefined ? {} : { experiment }),
  });
  io.out(`${registered.uri}\n`);
  const pointed = registered.aliases.map((alias) => `${registered.name}@${alias}`).join(', ');
  io.err(
    `registered ${source} as ${registered.uri}${pointed === '' ? '' : ` (${pointed})`}; ` +
      `run ${mlflowRunUrl(tracking.trackingUri, registered.runId)}\n`,
  );
  return EXIT.ok;
}

/** `bcml model <register | import-keras>`. */
export async function modelCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'register':
      return modelRegister(rest, io);
    case 'import-keras':
      return modelImportKeras(rest, io);
    case undefined:
    case '-h':
    case '--help':
      io.out(MODEL_USAGE);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`unknown model command ${JSON.stringify(sub)}`, MODEL_USAGE);
  }
}
