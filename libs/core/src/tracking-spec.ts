import { textAt } from './json-fields.js';
import { fieldOf, optionalAt, recordAt, rejectUnknownKeys, type JsonRecord } from './json-object.js';
import { trackingUriAt } from './resource-uri.js';

/** Where a workflow's MLflow runs go: the experiment, and optionally a tracking server other than the workers'. */
export interface TrackingSpec {
  /** The MLflow experiment's name (created when missing). */
  readonly experiment: string;
  /** The tracking server URL; default: the workers' `MLFLOW_TRACKING_URI`. Never carries credentials. */
  readonly uri?: string;
}

/** Validates a `tracking` object; an absent `experiment` becomes `defaultExperiment` (the spec's name). */
export function parseTrackingSpec(value: unknown, field: string, defaultExperiment: string): TrackingSpec {
  const record: JsonRecord = recordAt(field, value, 'an object with "experiment"');
  rejectUnknownKeys(field, record, ['experiment', 'uri']);
  const experiment = optionalAt(
    record,
    'experiment',
    (v) => textAt(fieldOf(field, 'experiment'), v),
    defaultExperiment,
  );
  const uri = optionalAt(record, 'uri', (v) => trackingUriAt(fieldOf(field, 'uri'), v));
  return uri === undefined ? { experiment } : { experiment, uri };
}
