import { serviceState, startService, stopService, type ServiceState, type StartOutcome } from './service-control.js';
import type { ServiceSpec } from './service-spec.js';
import type { StackConfig } from './stack-config.js';
import { stackServices } from './stack-services.js';

/** Control of the local stack (Temporal dev server + MLflow tracking server) for one configuration. */
export interface Stack {
  readonly config: StackConfig;
  readonly services: readonly ServiceSpec[];
  /** Starts every service not yet running and waits until all are healthy; a second call is a no-op. */
  up(): Promise<Readonly<Record<string, StartOutcome>>>;
  /** Stops exactly the processes `up` started, in reverse order; returns the names it stopped. */
  down(): Promise<string[]>;
  status(): Promise<ServiceState[]>;
}

/** Builds the stack controller for `config`. */
export function createStack(config: StackConfig, services: readonly ServiceSpec[] = stackServices(config)): Stack {
  return {
    config,
    services,
    async up() {
      const outcomes: Record<string, StartOutcome> = {};
      for (const spec of services) outcomes[spec.name] = await startService(spec, config.startTimeoutSeconds);
      return outcomes;
    },
    async down() {
      const stopped: string[] = [];
      for (const spec of [...services].reverse()) if (await stopService(spec)) stopped.push(spec.name);
      return stopped;
    },
    async status() {
      return Promise.all(services.map((spec) => serviceState(spec)));
    },
  };
}
