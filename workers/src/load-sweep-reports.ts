import * as reports from '@bcml/reports';

import { type SweepReports } from './sweep-reports.js';

/** The `@bcml/reports` functions the sweep activities use, as the `SweepReports` dependency. */
export function loadSweepReports(): Promise<SweepReports> {
  return Promise.resolve(reports);
}
