/** Held-out scores of h2 after an epoch (pooled over the validation data; `null` where a denominator is 0 or h1 is unknown). */
export interface HeldOutScores {
  /** Instances evaluated. */
  readonly n: number;
  /** h2's accuracy. */
  readonly accuracy: number | null;
  /** h1's accuracy (from the h1 outputs), `null` without them. */
  readonly accuracyH1: number | null;
  /** Backward trust compatibility #(h1 ✓ ∧ h2 ✓) / #(h1 ✓). */
  readonly btc: number | null;
  /** Backward error compatibility #(h1 ✗ ∧ h2 ✗) / #(h1 ✗) (the reference's definition). */
  readonly bec: number | null;
  /** Negative flip rate #(h1 ✓ ∧ h2 ✗) / N. */
  readonly nfr: number | null;
}

/** What the training loop reports after each epoch (also kept in the checkpoint's history). */
export interface EpochReport {
  /** 1-based epoch just completed. */
  readonly epoch: number;
  readonly epochs: number;
  /** Training examples seen in this epoch. */
  readonly samples: number;
  /** Wall time of the epoch's training batches (evaluation and checkpoint excluded). */
  readonly seconds: number;
  /** Mean training loss over the epoch's examples: base + λ·dissonance. */
  readonly loss: number;
  /** Mean base term (1/B) Σ base_i over the epoch. */
  readonly base: number;
  /** Mean dissonance term over the epoch; `null` when training without h1 outputs. */
  readonly dissonance: number | null;
  /** Scores on the validation data, `null` without validation data. */
  readonly validation: HeldOutScores | null;
  /** The checkpoint folder written after this epoch, `null` without checkpointing. */
  readonly checkpoint: string | null;
}
