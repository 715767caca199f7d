import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { isRecordedProcessAlive, readPidFile, removePidFile, writePidFile, type PidRecord } from './pid-file.js';
import { isPortFree } from './port-check.js';
import { processesInGroup, readProcessStat } from './process-table.js';
import type { ServiceSpec } from './service-spec.js';
import { StackError } from './stack-error.js';

/** The state of one service as `status` reports it. */
export interface ServiceState {
  readonly name: string;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly pid: number | undefined;
  readonly urls: Readonly<Record<string, string>>;
  readonly logFile: string;
}

/** What `up` did for one service. */
export type StartOutcome = 'started' | 'already-running';

/** The last `lines` lines of a log file, for error messages; empty when unreadable. */
export function tailOf(path: string, lines = 15): string {
  try {
    const size = statSync(path).size;
    const text = readFileSync(path, 'utf8').slice(Math.max(0, size - 64 * 1024));
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The running process recorded for `spec`, clearing a stale pid file left by a crash. */
export function liveRecord(spec: ServiceSpec): PidRecord | undefined {
  const record = readPidFile(spec.pidFile);
  if (record === undefined) return undefined;
  if (isRecordedProcessAlive(record)) return record;
  removePidFile(spec.pidFile);
  return undefined;
}

export async function serviceState(spec: ServiceSpec): Promise<ServiceState> {
  const record = liveRecord(spec);
  return {
    name: spec.name,
    running: record !== undefined,
    healthy: record !== undefined && (await spec.isHealthy()),
    pid: record?.pid,
    urls: spec.urls,
    logFile: spec.logFile,
  };
}

/**
 * Starts `spec` detached in its own process group, records its pid, and waits for its health check.
 * A service already running from this data folder is left alone; a port taken by anything else is an error
 * naming the port and its setting; a start that fails or times out stops what it started and names the log.
 */
export async function startService(spec: ServiceSpec, timeoutSeconds: number): Promise<StartOutcome> {
  const existing = liveRecord(spec);
  if (existing !== undefined) {
    if (await waitHealthy(spec, existing, timeoutSeconds)) return 'already-running';
    throw new StackError(
      `${spec.name} (pid ${existing.pid}) is running but not healthy after ${timeoutSeconds} s; ` +
        `see its log: ${spec.logFile}\n${tailOf(spec.logFile)}`,
      { service: spec.name, logFile: spec.logFile },
    );
  }
  try {
    accessSync(spec.command, constants.X_OK);
  } catch {
    throw new StackError(
      `${spec.name}: executable not found at ${spec.command}; run \`npm run bootstrap\` (infra/scripts/bootstrap.sh)`,
      { service: spec.name },
    );
  }
  for (const { host, port, setting } of spec.ports) {
    if (!(await isPortFree(host, port))) {
      throw new StackError(
        `${spec.name}: port ${port} on ${host} is taken by another process; stop it or set ${setting} to a free port`,
        { service: spec.name, setting },
      );
    }
  }
  for (const dir of [...spec.dirs, dirname(spec.logFile), dirname(spec.pidFile)]) mkdirSync(dir, { recursive: true });

  const log = openSync(spec.logFile, 'a');
  let child;
  try {
    child = spawn(spec.command, [...spec.args], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...spec.env },
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new StackError(`${spec.name}: could not start ${spec.command}; see its log: ${spec.logFile}`, {
      service: spec.name,
      logFile: spec.logFile,
    });
  }
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal === null ? 1 : 128);
      resolveExit();
    });
  });
  child.unref();
  const stat = readProcessStat(pid);
  const record: PidRecord = {
    pid,
    pgid: stat?.pgid ?? pid,
    startTicks: stat?.startTicks ?? 0,
    command: [spec.command, ...spec.args].join(' '),
    startedAt: new Date().toISOString(),
  };
  writePidFile(spec.pidFile, record);

  const healthy = await waitHealthy(spec, record, timeoutSeconds, () => exitCode !== null);
  if (healthy) return 'started';
  // A process seen dead in /proc may not have delivered its 'exit' event yet: give it a moment, so the message
  // carries its exit code rather than a misleading health timeout.
  if (exitCode === null && !isRecordedProcessAlive(record)) await Promise.race([exited, sleep(2000)]);
  const why = exitCode !== null ? `exited with code ${String(exitCode)}` : `was not healthy after ${timeoutSeconds} s`;
  await stopRecorded(spec, record);
  throw new StackError(`${spec.name} ${why}; see its log: ${spec.logFile}\n${tailOf(spec.logFile)}`, {
    service: spec.name,
    logFile: spec.logFile,
  });
}

async function waitHealthy(
  spec: ServiceSpec,
  record: PidRecord,
  timeoutSeconds: number,
  exited: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (exited() || !isRecordedProcessAlive(record)) return false;
    if (await spec.isHealthy()) return true;
    await sleep(250);
  }
  return false;
}

/** Stops the service `up` started (if any): SIGTERM to its process group, SIGKILL after a grace period. */
export async function stopService(spec: ServiceSpec, graceSeconds = 20): Promise<boolean> {
  const record = liveRecord(spec);
  if (record === undefined) {
    removePidFile(spec.pidFile);
    return false;
  }
  await stopRecorded(spec, record, graceSeconds);
  return true;
}

async function stopRecorded(spec: ServiceSpec, record: PidRecord, graceSeconds = 20): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-record.pgid, signal);
    } catch {
      // The group is already gone.
    }
  };
  // Only signal a group whose leader is still the process we started (pids are reused).
  if (isRecordedProcessAlive(record) || processesInGroup(record.pgid).length > 0) signalGroup('SIGTERM');
  const deadline = Date.now() + graceSeconds * 1000;
  while (Date.now() < deadline && processesInGroup(record.pgid).length > 0) await sleep(100);
  if (processesInGroup(record.pgid).length > 0) {
    signalGroup('SIGKILL');
    const killDeadline = Date.now() + 5000;
    while (Date.now() < killDeadline && processesInGroup(record.pgid).length > 0) await sleep(100);
  }
  const left = processesInGroup(record.pgid);
  if (left.length > 0) {
    throw new StackError(`${spec.name}: processes ${left.join(', ')} of group ${record.pgid} survived SIGKILL`, {
      service: spec.name,
    });
  }
  removePidFile(spec.pidFile);
}
