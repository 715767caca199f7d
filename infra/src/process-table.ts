import { readdirSync, readFileSync } from 'node:fs';

/** What /proc says about one process: its group and its start time in clock ticks since boot. */
export interface ProcessStat {
  readonly pid: number;
  readonly pgid: number;
  readonly startTicks: number;
}

/** Reads /proc/<pid>/stat; undefined when the process does not exist (or is a zombie being reaped). */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return undefined;
  return { pid, pgid: Number(fields[2]), startTicks: Number(fields[19]) };
}

/** The live (non-zombie) processes whose process group is `pgid`. */
export function processesInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(Number(entry));
    if (stat?.pgid === pgid) pids.push(stat.pid);
  }
  return pids;
}
