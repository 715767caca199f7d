import { type ControlActivities } from '@bcml/core';

import { createComparisonActivities } from './comparison-activities.js';
import { createRegressionActivities } from './regression-activities.js';
import { createSweepControlActivities, type SweepControlDeps } from './sweep-control-activities.js';

/**
 * Builds every activity of the control pool (`ControlActivities`: the sweep's, the comparison's and the regression
 * check's) over one set of dependencies. `deps.models` should load `models:/…` URIs for regression checks.
 */
export function createControlActivities(deps: SweepControlDeps): ControlActivities {
  return {
    ...createSweepControlActivities(deps),
    ...createComparisonActivities(deps),
    ...createRegressionActivities(deps),
  };
}
