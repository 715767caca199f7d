import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { readProcessStat } from './process-table.js';

/** What `up` records of a process it started, so `down` stops exactly that process and its group. */
export interface PidRecord {
  readonly pid: number;
  readonly pgid: number;
  readonly startTicks: number;
  readonly command: string;
  readonly startedAt: string;
}

export function writePidFile(path: string, record: PidRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

/** The record in `path`, or undefined when there is none or it cannot be parsed. */
export function readPidFile(path: string): PidRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<PidRecord>;
    if (typeof parsed.pid !== 'number' || typeof parsed.pgid !== 'number' || typeof parsed.startTicks !== 'number') {
      return undefined;
    }
    return parsed as PidRecord;
  } catch {
    return undefined;
  }
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

/** True when the recorded process still runs: same pid and same start time (a reused pid is not ours). */
export function isRecordedProcessAlive(record: PidRecord): boolean {
  const stat = readProcessStat(record.pid);
  return stat !== undefined && stat.startTicks === record.startTicks;
}
