import type { SweepProgress } from '@bcml/core';

/** One line of `sweep start --wait` / `sweep status`: phase, a bar of points, counts and running points' epochs. */
export function sweepProgressLine(progress: SweepProgress, width = 20): string {
  const finished = progress.completed + progress.failed + progress.cancelled;
  const filled = progress.total === 0 ? width : Math.round((finished / progress.total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const running = progress.runningPoints.map((p) => `${p.pointId} ${p.epoch}/${p.epochs}`).join(', ');
  return (
    `${progress.phase.padEnd(9)} ${bar} ${finished}/${progress.total} points: ${progress.completed} done, ` +
    `${progress.running} running, ${progress.failed} failed` +
    (progress.cancelled > 0 ? `, ${progress.cancelled} cancelled` : '') +
    (progress.cancelRequested ? ' (cancelling)' : '') +
    (running === '' ? '' : ` | epochs: ${running}`)
  );
}
