// @bcml/training: Backend selection, compatibility training loop, checkpoints, prediction. Filled by a later issue.
export {};
