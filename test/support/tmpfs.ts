import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small tmpfs mounted by `mountTmpfs`: a real disk that fills up. */
export interface MountedTmpfs {
  /** Where it is mounted. */
  readonly dir: string;
  /** The bytes still free on it. */
  free(): number;
  /** Fills it with a filler file until `leaveBytes` (or less, page rounding) stay free; returns the filler's size. */
  fill(leaveBytes: number): number;
  /** Removes the filler file (the disk has space again). */
  release(): void;
  /** Unmounts it (lazily when still busy). */
  unmount(): void;
}

const FILLER = '.filler';

/**
 * Mounts a tmpfs of `bytes` (rounded up to KiB) at `dir` (created): `mount -t tmpfs`, which needs root or
 * CAP_SYS_ADMIN; without them it throws an error saying so. Call `unmount` in `afterAll`.
 */
export function mountTmpfs(dir: string, bytes: number): MountedTmpfs {
  mkdirSync(dir, { recursive: true });
  const kib = Math.ceil(bytes / 1024);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(
      `mounting a ${kib} KiB tmpfs at ${dir} failed: this test fills a real disk and needs root or CAP_SYS_ADMIN (${stderr})`,
    );
  }
  const free = (): number => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    free,
    fill: (leaveBytes) => {
      const size = Math.max(0, free() - leaveBytes);
      writeFileSync(join(dir, FILLER), Buffer.alloc(size, 1));
      return size;
    },
    release: () => rmSync(join(dir, FILLER), { force: true }),
    unmount: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
    },
  };
}
