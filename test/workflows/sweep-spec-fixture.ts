/**
 * A small sweep spec for workflow tests: 2 dissonances × 1 loss × 3 λs = 6 points, 3 epochs each, parallelism 2,
 * short retries; `patch` overrides top-level fields and `execution` fields.
 */
export function testSweepSpec(
  patch: { readonly execution?: Readonly<Record<string, unknown>>; readonly [key: string]: unknown } = {},
): Record<string, unknown> {
  const { execution, ...rest } = patch;
  return {
    name: 'workflow-test',
    dataset: { uri: 'bcml:datasets/adult' },
    h1: { uri: 'models:/adult-classifier@champion' },
    h2: {
      model: { kind: 'mlp', hidden: [8] },
      optimizer: { kind: 'sgd', learningRate: 0.01 },
      epochs: 3,
      batchSize: 64,
    },
    sweep: {
      lambdas: { start: 0, stop: 1, step: 0.5 },
      dissonances: ['new-error', 'strict-imitation'],
      losses: ['cross-entropy'],
    },
    execution: {
      pool: 'cpu',
      parallelism: 2,
      maxAttempts: 2,
      retryIntervalSeconds: 0.1,
      heartbeatTimeoutSeconds: 10,
      pointTimeoutSeconds: 60,
      ...execution,
    },
    seed: 7,
    tracking: { experiment: 'workflow-tests' },
    ...rest,
  };
}
