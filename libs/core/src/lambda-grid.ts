import { InvalidInputError } from './bcml-error.js';
import { formatLambda } from './format-lambda.js';

/** An evenly spaced λ grid `start, start + step, …` up to and including `stop` when it lies on the grid. */
export interface LambdaRange {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}

/** The λ values of a sweep: an explicit list, or a range expanded by `lambdaGrid`. */
export type LambdaGridSpec = readonly number[] | LambdaRange;

/** The largest λ a spec may ask for (a guard against typos; the losses accept any λ ≥ 0). */
export const MAX_LAMBDA = 1_000_000;

/** The most λ values one grid may expand to. */
export const MAX_LAMBDAS = 1000;

/**
 * Expands a λ grid (a sweep spec, or its `sweep.lambdas`) into its values, in order. A range is expanded with
 * decimal arithmetic on scaled integers, so `{ start: 0, stop: 1, step: 0.1 }` gives exactly 0, 0.1, …, 0.3, …, 1
 * (each the double nearest its decimal, never `0.30000000000000004`), and `stop` is included when it lies on the grid.
 */
export function lambdaGrid(
  source: LambdaGridSpec | { readonly sweep: { readonly lambdas: LambdaGridSpec } },
): number[] {
  const lambdas = 'sweep' in source ? source.sweep.lambdas : source;
  if (isLambdaList(lambdas)) return lambdas.map((lambda) => Number(formatLambda(lambda)));
  return expandRange(lambdas, 'sweep.lambdas');
}

/** Whether a grid spec is an explicit list. */
export function isLambdaList(lambdas: LambdaGridSpec): lambdas is readonly number[] {
  return Array.isArray(lambdas);
}

/** Expands a range, naming `field` (`sweep.lambdas`) in errors. */
export function expandRange(range: LambdaRange, field: string): number[] {
  const start = toScaled(range.start);
  const stop = toScaled(range.stop);
  const step = toScaled(range.step);
  if (step.units <= 0n) throw new InvalidInputError(`${field}.step`, 'a number > 0', range.step);
  const scale = Math.max(start.scale, stop.scale, step.scale);
  const first = rescale(start, scale);
  const last = rescale(stop, scale);
  const by = rescale(step, scale);
  if (last < first)
    throw new InvalidInputError(`${field}.stop`, `a number >= start (${formatLambda(range.start)})`, range.stop);
  const count = (last - first) / by + 1n;
  if (count > BigInt(MAX_LAMBDAS)) {
    throw new InvalidInputError(
      `${field}.step`,
      `a step that gives at most ${MAX_LAMBDAS} values (this one gives ${count.toString()})`,
      range.step,
    );
  }
  const values: number[] = [];
  for (let i = 0n; i < count; i++) values.push(Number(fromScaled(first + i * by, scale)));
  return values;
}

/** A decimal as an integer number of 10^-scale units. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function toScaled(value: number): Scaled {
  const [whole = '0', fraction = ''] = formatLambda(value).split('.');
  return { units: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
