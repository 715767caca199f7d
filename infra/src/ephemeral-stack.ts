import { join } from 'node:path';

import { freePorts } from './port-check.js';
import { createStack, type Stack } from './stack.js';
import { resolveStackConfig, type StackConfig } from './stack-config.js';
import { StackError } from './stack-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A stack of its own on fresh ports, started and healthy, with the environment that points at it. */
export interface EphemeralStack {
  readonly stack: Stack;
  readonly config: StackConfig;
  /** `BCML_DATA_DIR` and the three port settings: merge into a child's environment to reach this stack. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts a throwaway stack (Temporal dev server + MLflow) with its state in `dataDir`, on ports nothing uses.
 * Another process can still take a chosen port before our server binds it (the Temporal dev server also binds
 * ports of its own choosing), so a start that fails is stopped and retried on new ports, up to `attempts` times.
 */
export async function startEphemeralStack(
  dataDir: string,
  options: { readonly env?: Env; readonly attempts?: number } = {},
): Promise<EphemeralStack> {
  const attempts = options.attempts ?? 3;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const [temporal, ui, mlflow] = (await freePorts(3)) as [number, number, number];
    const env = {
      BCML_DATA_DIR: attempt === 1 ? dataDir : join(dataDir, `retry-${String(attempt)}`),
      BCML_TEMPORAL_PORT: String(temporal),
      BCML_TEMPORAL_UI_PORT: String(ui),
      BCML_MLFLOW_PORT: String(mlflow),
    };
    const config = resolveStackConfig({ ...(options.env ?? process.env), ...env });
    const stack = createStack(config);
    try {
      await stack.up();
      return { stack, config, env };
    } catch (error) {
      last = error;
      await stack.down();
      if (!(error instanceof StackError)) throw error;
    }
  }
  throw last;
}
