/**
 * Resolves on the next turn of the event loop (a `setImmediate` macrotask, after pending I/O callbacks), so that
 * timers, heartbeats and cancellation get through between synchronous tfjs-node kernels.
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
