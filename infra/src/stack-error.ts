/** An error of the local stack's control: names the setting, port or log file a person should look at. */
export class StackError extends Error {
  override readonly name = 'StackError';

  constructor(
    message: string,
    readonly details: { readonly service?: string; readonly logFile?: string; readonly setting?: string } = {},
  ) {
    super(message);
  }
}
