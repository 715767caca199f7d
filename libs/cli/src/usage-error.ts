/** A command line that does not parse: unknown command or option, missing argument; exits 2 with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}
