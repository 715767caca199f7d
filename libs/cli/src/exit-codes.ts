/**
 * The exit codes of `bcml`: 0 ok, 1 failure, 2 usage or invalid input, 3 sweep with failed points or cancelled,
 * 4 regression check whose verdict is fail.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  incomplete: 3,
  /** `bcml regression --wait`: the check ran and the challenger failed the policy (a result, not an error). */
  regressionFailed: 4,
} as const;
