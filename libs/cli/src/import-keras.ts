import { access } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidInputError } from '@bcml/core';
import { repoRoot, resolveStackConfig, runCommand, toolPaths } from '@bcml/infra';

/** The converter, in the project's Python toolchain (h5py + json; see the script's docstring). */
export const KERAS_CONVERTER = join(repoRoot, 'infra', 'python', 'keras_to_tfjs.py');

/** The Keras layer classes the converter takes (as infra/python/keras_to_tfjs.py's SUPPORTED lists them). */
export const KERAS_LAYERS =
  'Dense, Conv2D, DepthwiseConv2D, BatchNormalization, Embedding, InputLayer, Activation, ReLU, Softmax, Dropout, ' +
  'SpatialDropout2D, Flatten, Reshape, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, ' +
  'ZeroPadding2D, Add, Concatenate';

/**
 * Converts a Keras 3 `.keras` file into a tfjs LayersModel folder (`model.json` + `weights.bin`) with the project's
 * converter, run by the toolchain's Python (`<BCML_TOOLS_DIR>/venv`). A file it cannot convert (not a `.keras` zip, an
 * unsupported layer, which it names) is an `InvalidInputError` naming `field`; a missing toolchain says how to get it.
 */
export async function importKeras(
  source: string,
  outDir: string,
  env: Readonly<Record<string, string | undefined>>,
  field = 'model.keras',
): Promise<void> {
  const { python } = toolPaths(resolveStackConfig(env));
  try {
    await access(python);
  } catch {
    throw new InvalidInputError(
      'BCML_TOOLS_DIR',
      `the project's Python toolchain at ${python} (run bash infra/scripts/bootstrap.sh)`,
      'none',
    );
  }
  const result = await runCommand(python, [KERAS_CONVERTER, source, outDir], {
    timeoutMs: 300_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  if (result.code !== 0) {
    const line = result.stderr.split('\n').find((l) => l.startsWith('keras_to_tfjs: '));
    const reason =
      line?.slice('keras_to_tfjs: '.length) ?? (result.stderr.trim().split('\n').at(-1) || `exit ${result.code}`);
    throw new InvalidInputError(field, `a Keras 3 .keras file of supported layers (${KERAS_LAYERS})`, reason);
  }
}
