import { inspect } from 'node:util';

const REDACTED = '***';

/**
 * A credential that renders as `***` in strings, JSON and `util.inspect`; only `reveal()` returns the value.
 * The value lives in a private field, so spreading, `Object.entries` and structured logging do not see it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret value, for the one place that must send it (the Authorization header). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
