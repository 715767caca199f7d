// @bcml/cli: the bcml command (`runCli`).
export type { CliIo } from './cli-io.js';
// What bcml prints for a workflow's result, and the exit code it maps to (for callers that start workflows themselves).
export { comparisonResultText } from './comparison-result-text.js';
export { demoSweepSpec, DEMO_SWEEP_DEFAULTS, type DemoSweepOptions } from './demo-sweep-spec.js';
export { EXIT } from './exit-codes.js';
export { importKeras, KERAS_CONVERTER, KERAS_LAYERS } from './import-keras.js';
export {
  MODEL_REGISTRATION_EXPERIMENT,
  registerModel,
  type RegisteredModelVersion,
  type RegisterModelOptions,
} from './register-model.js';
export { BCML_USAGE, runCli } from './run-cli.js';
export { regressionExitCode, regressionVerdictText } from './regression-verdict-text.js';
export { isServerOutage, resultThroughOutages, type ResultThroughOutagesOptions } from './result-through-outages.js';
export { sweepProgressLine } from './sweep-progress-line.js';
export { waitForSweep, type WaitForSweepOptions } from './wait-for-sweep.js';
export { mlflowRunUrl, sweepExitCode, sweepResultText } from './sweep-result-text.js';
export { UsageError } from './usage-error.js';
export { workerDeviceLine } from './worker-device-line.js';
