import { setTimeout as sleep } from 'node:timers/promises';

import {
  isPortFree,
  mlflowService,
  processesInGroup,
  readPidFile,
  startService,
  temporalService,
  type ServiceSpec,
  type StackConfig,
} from '@bcml/infra';

/** One service of a running stack that a fault trial kills and starts again (same data folder, same ports). */
export interface ServiceFault {
  readonly spec: ServiceSpec;
  /** SIGKILLs the service's whole process group (no graceful shutdown) and waits until every process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same state files and ports and waits until it is healthy. */
  restart(): Promise<void>;
}

/** The Temporal dev server of `config`'s stack (its sqlite file under `<dataDir>/temporal`). */
export function temporalFault(config: StackConfig): ServiceFault {
  return serviceFault(temporalService(config), config);
}

/** The MLflow server of `config`'s stack (its sqlite backend store and artifact root under `<dataDir>/mlflow`). */
export function mlflowFault(config: StackConfig): ServiceFault {
  return serviceFault(mlflowService(config), config);
}

function serviceFault(spec: ServiceSpec, config: StackConfig): ServiceFault {
  return {
    spec,
    async kill() {
      const record = readPidFile(spec.pidFile);
      if (record === undefined) throw new Error(`${spec.name}: no pid file at ${spec.pidFile}; is it running?`);
      process.kill(-record.pgid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (processesInGroup(record.pgid).length > 0) {
        if (Date.now() > deadline) throw new Error(`${spec.name}: group ${record.pgid} survived SIGKILL for 10 s`);
        await sleep(50);
      }
    },
    async restart() {
      // The kernel may hold a killed listener's port for a moment after the process is gone.
      const deadline = Date.now() + 60_000;
      for (const { host, port } of spec.ports) {
        while (!(await isPortFree(host, port))) {
          if (Date.now() > deadline) throw new Error(`${spec.name}: port ${port} still taken 60 s after the kill`);
          await sleep(250);
        }
      }
      // The pid file names the dead process: startService clears it and starts a fresh one (same args, same files).
      await startService(spec, config.startTimeoutSeconds);
    },
  };
}
