import { BcmlError, describeReceived } from '@bcml/core';

/** Where a bad metric input sits: the argument, and optionally its index and the property of that element. */
export interface MetricInputLocation {
  readonly argument: string;
  readonly index?: number | undefined;
  readonly property?: string | undefined;
}

/**
 * Invalid input to a metric (`invalid h2[17]: expected an integer in [0, 10), received 12`): names the argument,
 * the index and the bad value. Thrown before anything is computed; never retryable.
 */
export class MetricInputError extends BcmlError {
  override readonly name = 'MetricInputError';
  /** The argument at fault: `labels`, `h1`, `h2`, `ids`, `numClasses`, `points`, `objectives`, ... */
  readonly argument: string;
  /** The position of the bad element inside the argument, when the fault is one element. */
  readonly index: number | undefined;

  constructor(location: MetricInputLocation, expected: string, received: unknown) {
    const field = formatField(location);
    super(`invalid ${field}: expected ${expected}, received ${describeReceived(received)}`, false, {
      field,
      expected,
      received: describeReceived(received),
    });
    this.argument = location.argument;
    this.index = location.index;
  }
}

/** `h2[17]`, `points[3].nfr`, `numClasses`: the field path an error message names. */
function formatField({ argument, index, property }: MetricInputLocation): string {
  const element = index === undefined ? argument : `${argument}[${index}]`;
  return property === undefined ? element : `${element}.${property}`;
}
