import { defineConfig } from 'vitest/config';

// One Vitest project per Nx project that has tests (run by its `test` target: `vitest run --project <name>`),
// plus `integration`: tests against the real local stack, which `npm test` starts first.
const unit = (name: string, root: string) => ({
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      unit('core', 'libs/core'),
      unit('metrics', 'libs/metrics'),
      unit('results', 'libs/results'),
      unit('losses', 'libs/losses'),
      unit('data', 'libs/data'),
      {
        test: {
          name: 'cli',
          root: 'libs/cli',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      unit('models', 'libs/models'),
      {
        // Trains real models (Adult, MNIST LeNet) on the native backend: minutes, not seconds.
        test: {
          name: 'training',
          root: 'libs/training',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        // Converts and reads the bundled datasets (MNIST is 70,000 images): slower than a unit project.
        test: {
          name: 'datasets',
          root: 'libs/datasets',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Figure snapshots and browser tests (playwright-core driving Debian's chromium).
        test: {
          name: 'reports',
          root: 'reports',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Runs against the real MLflow server of the local stack (npm test starts it first).
        test: {
          name: 'tracking',
          root: 'libs/tracking',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      unit('infra', 'infra'),
      unit('workers', 'workers'),
      {
        test: {
          name: 'test',
          root: 'test',
          include: ['native/**/*.test.ts', 'lint/**/*.test.ts', 'workflows/**/*.test.ts'],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Fault trials, load and bad-input corpus (test/chaos); short in CI, long under `npm run test:chaos`.
        test: {
          name: 'chaos',
          root: 'test',
          include: ['chaos/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        // Hostile input and secrets: XSS corpus in Chromium, basic auth, TLS, secret scan (test/security).
        test: {
          name: 'security',
          root: 'test',
          include: ['security/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration',
          root: 'test',
          include: ['integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
