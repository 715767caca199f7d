/**
 * A small sweep spec on German credit: 1 dissonance × 1 loss × 2 λ (0 and 1) of an 8-unit MLP, batch 64 on the cpu
 * pool with parallelism 2, tracked in the experiment named after the sweep; the CLI-driven tests start it.
 */
export function germanCreditSweepSpec(name: string, h1Uri: string, epochs: number): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/german-credit' },
    h1: { uri: h1Uri },
    h2: {
      model: { kind: 'mlp', hidden: [8] },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs,
      batchSize: 64,
    },
    sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: { pool: 'cpu', parallelism: 2 },
    seed: 3,
    tracking: { experiment: name },
  };
}
