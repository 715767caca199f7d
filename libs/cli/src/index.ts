// @bcml/cli: the bcml command (`runCli`) and the wiring its worker uses.
export { bundledDatasetResolver } from './bundled-dataset-resolver.js';
export type { CliIo } from './cli-io.js';
export { datasetResolver, SPLIT_PLACEHOLDER } from './dataset-resolver.js';
export { demoSweepSpec, DEMO_SWEEP_DEFAULTS, type DemoSweepOptions } from './demo-sweep-spec.js';
export { EXIT } from './exit-codes.js';
export { localModelStore, type LocalModelStoreOptions } from './local-model-store.js';
export {
  MODEL_REGISTRATION_EXPERIMENT,
  registerModel,
  type RegisteredModelVersion,
  type RegisterModelOptions,
} from './register-model.js';
export { registryModelLoader } from './registry-model-loader.js';
export { BCML_USAGE, runCli } from './run-cli.js';
export { UsageError } from './usage-error.js';
