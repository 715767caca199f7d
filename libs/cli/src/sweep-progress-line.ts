import type { SweepProgress } from '@bcml/core';

/** The most running points whose epochs one progress line names (a pack runs up to 64 at once). */
const MAX_RUNNING_SHOWN = 3;

/**
 * One line of `sweep start --wait` / `sweep status`: phase, a bar of points, counts and the epochs of the first
 * `MAX_RUNNING_SHOWN` running points (`(+N more)` for the others).
 */
export function sweepProgressLine(progress: SweepProgress, width = 20): string {
  const finished = progress.completed + progress.failed + progress.cancelled;
  const filled = progress.total === 0 ? width : Math.round((finished / progress.total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const shown = progress.runningPoints.slice(0, MAX_RUNNING_SHOWN);
  const more = progress.runningPoints.length - shown.length;
  const running =
    shown.map((p) => `${p.pointId} ${p.epoch}/${p.epochs}`).join(', ') + (more > 0 ? ` (+${more} more)` : '');
  return (
    `${progress.phase.padEnd(9)} ${bar} ${finished}/${progress.total} points: ${progress.completed} done, ` +
    `${progress.running} running, ${progress.failed} failed` +
    (progress.cancelled > 0 ? `, ${progress.cancelled} cancelled` : '') +
    (progress.cancelRequested ? ' (cancelling)' : '') +
    (running === '' ? '' : ` | epochs: ${running}`)
  );
}
