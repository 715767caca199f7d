/** The exit codes of `bcml`: 0 ok, 1 failure, 2 usage or invalid input, 3 sweep with failed points or cancelled. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  incomplete: 3,
} as const;
