/** Knobs of the demo sweep that trade time for quality. */
export interface DemoSweepOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly parallelism: number;
}

/** The demo's defaults: sized so the whole demo finishes in under 10 minutes on 2 cores. */
export const DEMO_SWEEP_DEFAULTS: DemoSweepOptions = { epochs: 5, batchSize: 256, parallelism: 2 };

/**
 * The demo's sweep spec: Adult; h1 the given model; h2 an MLP on all of train; new-error and strict-imitation
 * cross-entropy; λ ∈ {0, 0.25, 0.5, 0.75, 1} on the cpu pool.
 */
export function demoSweepSpec(
  h1Uri: string,
  options: DemoSweepOptions = DEMO_SWEEP_DEFAULTS,
  name = 'adult-demo',
): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/adult' },
    h1: { uri: h1Uri },
    h2: {
      model: { kind: 'mlp', hidden: [32] },
      optimizer: { kind: 'adam', learningRate: 0.005 },
      epochs: options.epochs,
      batchSize: options.batchSize,
    },
    sweep: {
      lambdas: [0, 0.25, 0.5, 0.75, 1],
      dissonances: ['new-error', 'strict-imitation'],
      losses: ['cross-entropy'],
    },
    execution: { pool: 'cpu', parallelism: options.parallelism },
    seed: 11,
    tracking: { experiment: name },
  };
}
