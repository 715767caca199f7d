import { BcmlError } from '@bcml/core';

/** A tensor of the wrong rank or shape; the message names the field and shows both shapes. Never retryable. */
export class TensorShapeError extends BcmlError {
  override readonly name = 'TensorShapeError';

  constructor(message: string, field: string, expected: string, received: readonly number[]) {
    super(message, false, { field, expected, received: formatShape(received) });
  }
}

/** A shape as the error messages print it: `[4,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
