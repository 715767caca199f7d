import { BcmlError } from '@bcml/core';

/** The requested tfjs backend cannot run here (package missing, no GPU visible, failed initialisation). */
export class BackendUnavailableError extends BcmlError {
  override readonly name = 'BackendUnavailableError';

  constructor(
    readonly backend: string,
    message: string,
    cause?: unknown,
  ) {
    super(`backend ${backend} unavailable: ${message}`, false, {
      field: 'backend',
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
