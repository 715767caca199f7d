export { httpOk } from './http-ok.js';
export { localClientEnv } from './local-client-env.js';
export { startEphemeralStack, type EphemeralStack } from './ephemeral-stack.js';
export { freePort, freePorts, isPortFree } from './port-check.js';
export { processesInGroup, readProcessStat, type ProcessStat } from './process-table.js';
export { readPidFile, type PidRecord } from './pid-file.js';
export { runCommand } from './run-command.js';
export {
  serviceState,
  startService,
  stopService,
  tailOf,
  type ServiceState,
  type StartOutcome,
} from './service-control.js';
export type { ServiceSpec } from './service-spec.js';
export { createStack, type Stack } from './stack.js';
export { repoRoot, resolveStackConfig, STACK_ENV, type StackConfig } from './stack-config.js';
export { StackError } from './stack-error.js';
export { mlflowService, stackServices, temporalService, toolPaths } from './stack-services.js';
export { WORKER_SERVICE_POOLS, workerService, workerServices, type WorkerServicePool } from './worker-services.js';
