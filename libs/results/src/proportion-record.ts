import { type ProportionRecord } from '@bcml/core';
import { type Proportion } from '@bcml/metrics';

/** A `@bcml/metrics` proportion as a plain JSON record. */
export function proportionRecord(p: Proportion | null): ProportionRecord | null {
  return p === null
    ? null
    : { value: p.value, ci95: [p.ci95[0], p.ci95[1]], numerator: p.numerator, denominator: p.denominator };
}
