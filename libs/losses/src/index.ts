// @bcml/losses: Compatibility losses on tfjs-core: new-error and strict-imitation dissonances. Filled by a later issue.
export {};
