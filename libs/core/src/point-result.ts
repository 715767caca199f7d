import { InvalidInputError } from './bcml-error.js';
import { nullableTextAt, oneOfAt, splitNameAt, textAt } from './json-fields.js';
import { nullableNumberAt, numberAt } from './json-numbers.js';
import { optionalAt, recordAt, rejectUnknownKeys, requiredAt, type JsonRecord } from './json-object.js';
import { locationIndependentUriAt } from './location-independent-uri.js';
import type { PointStatus } from './sweep-summary.js';

/** The headline scores of a trained h2 on one split, as plain numbers in [0, 1] (`null`: empty denominator). */
export interface PointHeadline {
  /** h2's performance (the sweep's performance metric). */
  readonly performance: number | null;
  /** Backward Trust Compatibility. */
  readonly btc: number | null;
  /** Negative flip rate. */
  readonly nfr: number | null;
}

/** What `trainPoint` returns for a trained point: small, URIs instead of data. */
export interface TrainedPoint {
  /** The point's child MLflow run; `null` when not tracked. */
  readonly mlflowRunId: string | null;
  /** The trained h2, location independent (`runs:/<run>/model`, or an artifact reference when untracked). */
  readonly modelUri: string;
  /** The folder of h2's predictions (`<split>.arrow`, Arrow IPC), an artifact reference (`…#folder-sha256=…`). */
  readonly predictionsUri: string;
  /** The evaluation file (`bcml.evaluation/1`) of each split, an artifact reference (`…#file-sha256=…`). */
  readonly evaluations: Readonly<Record<string, string>>;
  /** Wall-clock time of the successful attempt (training and prediction), ms. */
  readonly durationMs: number;
  /** Headline scores per split name (train and test). */
  readonly splits: Readonly<Record<string, PointHeadline>>;
}

/** How one sweep point ended, as the workflow records it and hands it to `reduceSweep`. */
export interface PointResult {
  /** The point's id (`new-error/cross-entropy/0.25`). */
  readonly pointId: string;
  readonly status: PointStatus;
  /** Why the point failed (the last attempt's error, at most `MAX_POINT_ERROR_LENGTH` characters). */
  readonly error?: string;
  readonly mlflowRunId: string | null;
  /** `null` unless completed. */
  readonly modelUri: string | null;
  /** `null` unless completed. */
  readonly predictionsUri: string | null;
  /** The evaluation file of each split (see `TrainedPoint`); `null` unless completed. */
  readonly evaluations: Readonly<Record<string, string>> | null;
  /** Training time when completed, else the time until the point ended as the workflow saw it; ms. */
  readonly durationMs: number | null;
  /** Headline scores per split; empty unless completed. */
  readonly splits: Readonly<Record<string, PointHeadline>>;
}

/** Longest error message a point result keeps (payloads stay small). */
export const MAX_POINT_ERROR_LENGTH = 1000;

const trainedKeys = ['mlflowRunId', 'modelUri', 'predictionsUri', 'evaluations', 'durationMs', 'splits'];

/** Validates what a trainer returned (`field` names it in errors); the workflow treats a bad one as a failed point. */
export function parseTrainedPoint(value: unknown, field = 'trainedPoint'): TrainedPoint {
  const record = recordAt(field, value, 'a trained point object');
  rejectUnknownKeys(field, record, trainedKeys);
  return {
    mlflowRunId: nullableTextAt(`${field}.mlflowRunId`, requiredAt(field, record, 'mlflowRunId'), 200),
    modelUri: artifactUriAt(`${field}.modelUri`, requiredAt(field, record, 'modelUri')),
    predictionsUri: artifactUriAt(`${field}.predictionsUri`, requiredAt(field, record, 'predictionsUri')),
    evaluations: parseEvaluationUris(requiredAt(field, record, 'evaluations'), `${field}.evaluations`),
    durationMs: numberAt(`${field}.durationMs`, requiredAt(field, record, 'durationMs'), 0, Number.MAX_SAFE_INTEGER),
    splits: parseSplits(requiredAt(field, record, 'splits'), `${field}.splits`),
  };
}

/** Validates a point result (read back from a workflow result or a file), naming the field in errors. */
export function parsePointResult(value: unknown, field = 'pointResult'): PointResult {
  const record = recordAt(field, value, 'a point result object');
  rejectUnknownKeys(field, record, ['pointId', 'status', 'error', ...trainedKeys]);
  const status = oneOfAt<PointStatus>(`${field}.status`, requiredAt(field, record, 'status'), [
    'completed',
    'failed',
    'cancelled',
  ]);
  const error = optionalAt(record, 'error', (v) => textAt(`${field}.error`, v, MAX_POINT_ERROR_LENGTH));
  if (status === 'failed' && error === undefined) {
    throw new InvalidInputError(`${field}.error`, 'the error message of a failed point', undefined);
  }
  const nullableUri = (key: string): string | null => {
    const uri = nullableTextAt(`${field}.${key}`, requiredAt(field, record, key), 4096);
    return uri === null || key === 'mlflowRunId' ? uri : locationIndependentUriAt(`${field}.${key}`, uri);
  };
  return {
    pointId: textAt(`${field}.pointId`, requiredAt(field, record, 'pointId'), 400),
    status,
    ...(error === undefined ? {} : { error }),
    mlflowRunId: nullableUri('mlflowRunId'),
    modelUri: nullableUri('modelUri'),
    predictionsUri: nullableUri('predictionsUri'),
    evaluations: optionalAt(
      record,
      'evaluations',
      (v) => (v === null ? null : parseEvaluationUris(v, `${field}.evaluations`)),
      null,
    ),
    durationMs: nullableNumberAt(
      `${field}.durationMs`,
      requiredAt(field, record, 'durationMs'),
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    splits: parseSplits(requiredAt(field, record, 'splits'), `${field}.splits`),
  };
}

/** A location-independent artifact URI (what crosses an activity boundary never names a local path). */
function artifactUriAt(field: string, value: unknown): string {
  return locationIndependentUriAt(field, textAt(field, value, 4096));
}

function parseEvaluationUris(value: unknown, field: string): Record<string, string> {
  const record = recordAt(field, value, 'an object of evaluation file URIs per split');
  const uris: Record<string, string> = {};
  for (const [split, uri] of Object.entries(record)) {
    splitNameAt(`${field}.${split}`, split);
    uris[split] = artifactUriAt(`${field}.${split}`, uri);
  }
  return uris;
}

function parseSplits(value: unknown, field: string): Record<string, PointHeadline> {
  const record = recordAt(field, value, 'an object of headline scores per split');
  const splits: Record<string, PointHeadline> = {};
  for (const [split, scores] of Object.entries(record)) {
    splitNameAt(`${field}.${split}`, split);
    splits[split] = parseHeadline(scores, `${field}.${split}`);
  }
  return splits;
}

function parseHeadline(value: unknown, field: string): PointHeadline {
  const record: JsonRecord = recordAt(field, value, 'an object { performance, btc, nfr }');
  rejectUnknownKeys(field, record, ['performance', 'btc', 'nfr']);
  const score = (key: string): number | null =>
    nullableNumberAt(`${field}.${key}`, requiredAt(field, record, key), 0, 1);
  return { performance: score('performance'), btc: score('btc'), nfr: score('nfr') };
}
