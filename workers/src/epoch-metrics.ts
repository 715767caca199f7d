import { type MetricPoint } from '@bcml/tracking';
import { type EpochReport } from '@bcml/training';

/**
 * The MLflow metrics of one epoch, at step = epoch: `loss`, `base`, `epoch_seconds`, `dissonance` (with h1) and the
 * held-out `val_accuracy`, `val_btc`, `val_bec`, `val_nfr` that are known. A sweep point's run and `bcml train`'s log
 * the same keys.
 */
export function epochMetrics(report: EpochReport): MetricPoint[] {
  const step = report.epoch;
  const metrics: MetricPoint[] = [
    { key: 'loss', value: report.loss, step },
    { key: 'base', value: report.base, step },
    { key: 'epoch_seconds', value: report.seconds, step },
  ];
  if (report.dissonance !== null) metrics.push({ key: 'dissonance', value: report.dissonance, step });
  const v = report.validation;
  if (v !== null) {
    for (const [key, value] of Object.entries({
      val_accuracy: v.accuracy,
      val_btc: v.btc,
      val_bec: v.bec,
      val_nfr: v.nfr,
    })) {
      if (value !== null) metrics.push({ key, value, step });
    }
  }
  return metrics;
}
