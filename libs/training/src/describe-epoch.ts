import { formatFixed } from '@bcml/core';

import { type EpochReport } from './epoch-report.js';

/** One log line of an epoch report: loss terms, throughput and held-out scores. */
export function describeEpoch(report: EpochReport): string {
  const v = report.validation;
  const f = (x: number | null): string => formatFixed(x, 4);
  return (
    `epoch ${report.epoch}/${report.epochs}: loss ${f(report.loss)} (base ${f(report.base)}, ` +
    `dissonance ${f(report.dissonance)}), ${formatFixed(report.samples / Math.max(report.seconds, 1e-9), 0)} samples/s` +
    (v === null ? '' : `; held-out accuracy ${f(v.accuracy)}, BTC ${f(v.btc)}, BEC ${f(v.bec)}, NFR ${f(v.nfr)}`)
  );
}
