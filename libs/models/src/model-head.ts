import { InvalidInputError } from '@bcml/core';

/**
 * The output of a classifier: `multi-class` = C logits (softmax), `binary` = one logit (sigmoid of the positive
 * class 1), only for C = 2.
 */
export type ModelHead = 'multi-class' | 'binary';

/** The number of logits a model with `head` outputs for `numClasses` classes. */
export function outputWidth(numClasses: number, head: ModelHead): number {
  return head === 'binary' ? 1 : numClasses;
}

/** Checks `numClasses` (an integer ≥ 2) and `head` (binary only for 2 classes), naming the field. */
export function checkClasses(numClasses: unknown, head: unknown): { numClasses: number; head: ModelHead } {
  if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 2) {
    throw new InvalidInputError('numClasses', 'an integer ≥ 2', numClasses);
  }
  if (head !== 'multi-class' && head !== 'binary') {
    throw new InvalidInputError('head', '"multi-class" or "binary"', head);
  }
  if (head === 'binary' && numClasses !== 2) {
    throw new InvalidInputError('head', `"multi-class" for ${numClasses} classes (a binary head needs 2)`, head);
  }
  return { numClasses, head };
}
