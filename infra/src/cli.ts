// `npm run stack:up|down|status|env`: control of the local stack from the command line.
import { stopService } from './service-control.js';
import { createStack } from './stack.js';
import { resolveStackConfig, type StackConfig } from './stack-config.js';
import { StackError } from './stack-error.js';
import { workerServices } from './worker-services.js';

function printUrls(config: StackConfig): void {
  process.stdout.write(
    [
      `  Temporal UI    ${config.temporal.uiUrl}`,
      `  Temporal gRPC  ${config.temporal.address} (namespace ${config.temporal.namespace})`,
      `  MLflow UI      ${config.mlflow.trackingUri}`,
      `  data and logs  ${config.dataDir}`,
      '',
    ].join('\n'),
  );
}

async function main(command: string | undefined): Promise<number> {
  const config = resolveStackConfig();
  const stack = createStack(config);
  switch (command) {
    case 'up': {
      const outcomes = await stack.up();
      for (const [name, outcome] of Object.entries(outcomes)) process.stdout.write(`${name}: ${outcome}\n`);
      printUrls(config);
      return 0;
    }
    case 'down': {
      const stopped: string[] = [];
      for (const worker of workerServices(config)) if (await stopService(worker)) stopped.push(worker.name);
      stopped.push(...(await stack.down()));
      process.stdout.write(stopped.length > 0 ? `stopped: ${stopped.join(', ')}\n` : 'nothing was running\n');
      return 0;
    }
    case 'status': {
      let allHealthy = true;
      for (const state of await stack.status()) {
        allHealthy &&= state.healthy;
        const what = state.running
          ? `running (pid ${String(state.pid)})${state.healthy ? '' : ', NOT healthy'}`
          : 'stopped';
        process.stdout.write(`${state.name}: ${what}; log ${state.logFile}\n`);
      }
      printUrls(config);
      return allHealthy ? 0 : 3;
    }
    case 'env': {
      process.stdout.write(
        `export TEMPORAL_ADDRESS=${config.temporal.address}\n` +
          `export TEMPORAL_NAMESPACE=${config.temporal.namespace}\n` +
          `export MLFLOW_TRACKING_URI=${config.mlflow.trackingUri}\n`,
      );
      return 0;
    }
    default:
      process.stderr.write('usage: stack up | down | status | env\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof StackError ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
