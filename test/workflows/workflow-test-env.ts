import { resolveStackConfig, toolPaths } from '@bcml/infra';
import { workflowsPath } from '@bcml/workers';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

/** A local Temporal dev server (the bootstrapped `temporal` binary, random port) and the workflow bundle. */
export interface WorkflowTestEnv {
  readonly env: TestWorkflowEnvironment;
  readonly bundle: WorkflowBundleWithSourceMap;
}

/** The activities and worker options of one task queue's test worker. */
export interface TestWorkerSpec {
  readonly taskQueue: string;
  readonly activities: object;
  /** Whether the worker also runs workflows (the control queue does). */
  readonly workflows?: boolean;
  readonly options?: Partial<Pick<WorkerOptions, 'maxHeartbeatThrottleInterval' | 'defaultHeartbeatThrottleInterval'>>;
}

/**
 * Starts a dev server from `.tools/bin/temporal` on a random loopback port (never the stack's 7233) and bundles the
 * workflows once, with worker logs at WARN.
 */
export async function startWorkflowTestEnv(): Promise<WorkflowTestEnv> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by an earlier test file in this process: keep that runtime.
  }
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: toolPaths(resolveStackConfig()).temporal },
        ip: '127.0.0.1',
        ui: false,
      },
    }),
    bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') }),
  ]);
  return { env, bundle };
}

/** Runs `body` while one worker per spec polls its task queue; shuts them down afterwards. */
export async function withWorkers<T>(
  { env, bundle }: WorkflowTestEnv,
  specs: readonly TestWorkerSpec[],
  body: () => Promise<T>,
): Promise<T> {
  const workers = await Promise.all(
    specs.map((spec) =>
      Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: spec.taskQueue,
        activities: spec.activities,
        ...(spec.workflows === true ? { workflowBundle: bundle } : {}),
        ...spec.options,
      }),
    ),
  );
  return workers.reduce<() => Promise<T>>((inner, worker) => () => worker.runUntil(inner), body)();
}
