import { customGrad, zeros, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Runs `f(x)` as a constant of backpropagation: the ops inside are not recorded on the gradient tape (they run
 * inside one custom-gradient kernel) and the gradient with respect to `x` is zero. tfjs-core has no
 * `stopGradient`; this is its equivalent, and it also keeps a model run inside `f` (h1) out of
 * `optimizer.minimize`'s variable gradients.
 */
export function withoutGradient<T extends Tensor>(f: (x: Tensor) => T, x: Tensor): T {
  const op = customGrad<T>((...args) => {
    const input = args[0] as Tensor;
    // Only the shape: `input` may be a temporary that is disposed before the backward pass runs.
    const { shape, dtype } = input;
    return { value: f(input), gradFunc: () => zeros(shape, dtype) };
  });
  return op(x);
}

/** `x` as a constant: the same values, with a zero gradient and no path back to whatever computed `x`. */
export function constantOf<T extends Tensor>(x: T): T {
  return withoutGradient((t) => t.clone() as T, x);
}
