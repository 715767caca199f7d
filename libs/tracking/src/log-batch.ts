import { InvalidInputError } from '@bcml/core';

import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';

/** One metric value at a step; `timestamp` (ms) defaults to now, `step` to 0. NaN and ±Infinity are allowed. */
export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  readonly step?: number;
  readonly timestamp?: number;
}

/** A param value; numbers and booleans are logged as `String(value)`. */
export type ParamValue = string | number | boolean;

/** What one `logBatch` call logs: params (write-once), tags (overwrite) and metrics (append). */
export interface LogBatchInput {
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly metrics?: readonly MetricPoint[];
}

/**
 * The server's limits (`mlflow/utils/validation.py`, MLflow 3.17): entities per `runs/log-batch` call, request
 * size, key length and value lengths (counted in characters, as Python's `len`).
 */
export const LOG_BATCH_LIMITS = {
  maxMetrics: 1000,
  maxParams: 100,
  maxTags: 100,
  maxEntities: 1000,
  maxRequestBytes: 1_000_000,
  maxKeyLength: 250,
  maxParamValueLength: 6000,
  maxTagValueLength: 8000,
} as const;

/** A metric as MLflow's JSON carries it: non-finite doubles as `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export interface WireMetric {
  readonly key: string;
  readonly value: number | 'NaN' | 'Infinity' | '-Infinity';
  readonly timestamp: number;
  readonly step: number;
}

/** A param or tag as MLflow's JSON carries it. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** One `runs/log-batch` request body. */
export interface LogBatchRequest {
  readonly run_id: string;
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
  readonly metrics: readonly WireMetric[];
}

/**
 * Encodes a metric value the way MLflow's Python client does (protobuf JSON): finite numbers as numbers,
 * NaN and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no literal for them).
 * The SQL store keeps NaN and stores ±Infinity as ±1.7976931348623157e308 (±Number.MAX_VALUE).
 */
export function encodeMetricValue(value: number): WireMetric['value'] {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** True when `key` is a valid MLflow param, metric or tag name (characters, length, no path tricks). */
export function isValidEntityKey(key: string): boolean {
  if (key === '' || [...key].length > LOG_BATCH_LIMITS.maxKeyLength) return false;
  if (!/^[/\p{L}\p{N}_.\- :]*$/u.test(key)) return false;
  // MLflow rejects names that posixpath.normpath would change ("a//b", "./a", "a/..", "/a", "a/").
  return key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Validates `input` and splits it into `runs/log-batch` requests within the server's limits (1000 metrics,
 * 100 params, 100 tags, 1000 entities and 1 MB per request), params first, then tags, then metrics.
 * Throws `InvalidInputError` naming the key before anything is sent.
 */
export function planLogBatch(runId: string, input: LogBatchInput, now: number): LogBatchRequest[] {
  const params = Object.entries(input.params ?? {}).map(([key, raw]): KeyValue => {
    const value = String(raw);
    checkKey('params', key);
    const length = [...value].length;
    if (length > LOG_BATCH_LIMITS.maxParamValueLength) {
      throw new InvalidInputError(
        `params.${key}`,
        `a value of at most ${LOG_BATCH_LIMITS.maxParamValueLength} characters (MLflow's limit)`,
        `${length} characters`,
      );
    }
    return { key, value };
  });
  const tags = Object.entries(input.tags ?? {}).map(([key, value]): KeyValue => {
    checkKey('tags', key);
    const length = [...value].length;
    if (length > LOG_BATCH_LIMITS.maxTagValueLength) {
      throw new InvalidInputError(
        `tags.${key}`,
        `a value of at most ${LOG_BATCH_LIMITS.maxTagValueLength} characters (MLflow's limit)`,
        `${length} characters`,
      );
    }
    return { key, value };
  });
  const metrics = (input.metrics ?? []).map((metric, index): WireMetric => {
    checkKey(`metrics[${index}]`, metric.key);
    if (typeof metric.value !== 'number') {
      throw new InvalidInputError(`metrics[${index}].value`, 'a number', metric.value);
    }
    const step = metric.step ?? 0;
    if (!Number.isSafeInteger(step)) throw new InvalidInputError(`metrics[${index}].step`, 'an integer', step);
    const timestamp = metric.timestamp ?? now;
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new InvalidInputError(`metrics[${index}].timestamp`, 'a non-negative integer (ms)', timestamp);
    }
    return { key: metric.key, value: encodeMetricValue(metric.value), timestamp, step };
  });

  const envelope = byteLength({ run_id: runId, params: [], tags: [], metrics: [] });
  const limits = {
    params: LOG_BATCH_LIMITS.maxParams,
    tags: LOG_BATCH_LIMITS.maxTags,
    metrics: LOG_BATCH_LIMITS.maxMetrics,
  };
  const requests: LogBatchRequest[] = [];
  let batch: { params: KeyValue[]; tags: KeyValue[]; metrics: WireMetric[] } = { params: [], tags: [], metrics: [] };
  let bytes = envelope;
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    requests.push({ run_id: runId, ...batch });
    batch = { params: [], tags: [], metrics: [] };
    bytes = envelope;
    count = 0;
  };
  const room = (kind: keyof typeof limits, entity: KeyValue | WireMetric): void => {
    const size = byteLength(entity) + 1;
    if (
      batch[kind].length >= limits[kind] ||
      count >= LOG_BATCH_LIMITS.maxEntities ||
      bytes + size > LOG_BATCH_LIMITS.maxRequestBytes
    ) {
      flush();
    }
    bytes += size;
    count += 1;
  };
  for (const param of params) {
    room('params', param);
    batch.params.push(param);
  }
  for (const tag of tags) {
    room('tags', tag);
    batch.tags.push(tag);
  }
  for (const metric of metrics) {
    room('metrics', metric);
    batch.metrics.push(metric);
  }
  flush();
  return requests;
}

/**
 * Logs params, tags and metrics through `runs/log-batch`, chunked to the server's limits. Each request is
 * idempotent on the server (a param with the same value, a tag overwrite, an identical metric row are no-ops),
 * so a retried chunk does not duplicate anything.
 */
export async function logBatch(http: MlflowHttp, runId: string, input: LogBatchInput): Promise<number> {
  const requests = planLogBatch(runId, input, http.now());
  for (const body of requests) await http.json('POST', `${TRACKING_API}/runs/log-batch`, { body });
  return requests.length;
}

function checkKey(kind: string, key: string): void {
  if (!isValidEntityKey(key)) {
    throw new InvalidInputError(
      kind.startsWith('metrics[') ? `${kind}.key` : `${kind}.${key}`,
      `a name of 1..${LOG_BATCH_LIMITS.maxKeyLength} letters, digits, '_', '-', '.', ' ', ':' or '/' that is a normalised relative path`,
      key,
    );
  }
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
