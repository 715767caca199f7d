import { BcmlError } from '@bcml/core';

/**
 * A checkpoint could not be written into `dir` (a full disk, a folder without write access): the previous checkpoint
 * stays the latest, whole. Retryable: a full disk is transient, and a retry resumes from the previous checkpoint.
 * `code` is the system error's (`ENOSPC`, `EACCES`) when it has one.
 */
export class CheckpointWriteError extends BcmlError {
  override readonly name = 'CheckpointWriteError';
  readonly code: string | undefined;

  constructor(
    readonly dir: string,
    readonly epoch: number,
    cause: unknown,
  ) {
    const code = systemErrorCode(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `could not write the checkpoint of epoch ${epoch} into ${dir}` +
        (code === 'ENOSPC' ? ' (ENOSPC: no space left on the device)' : '') +
        `: ${reason}; the previous checkpoint stays the latest`,
      true,
      { field: 'checkpoint', cause },
    );
    this.code = code;
  }
}

/** The `code` of a Node system error (`ENOSPC`), else `undefined`. */
function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
