import { createServer } from 'node:net';

/** Resolves true when nothing listens on host:port (we could bind it), false when the port is taken. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.once('listening', () => server.close(() => resolvePromise(true)));
    server.listen({ host, port, exclusive: true });
  });
}

/**
 * Ports handed out by {@link freePorts} lie below Linux's default ephemeral range (32768–60999). A port the OS picks
 * for `listen(0)` is an ephemeral one, and between our check and the server's bind the kernel may give that same port
 * to an outgoing connection (or to the Temporal dev server's own internal `listen(0)` ports): a real race we saw in
 * CI. Ports below the range are never chosen implicitly.
 */
const LOW = 20_000;
const HIGH = 32_000;

/** Ports recently handed out in this process, so two calls never return the same port before a server binds it. */
const handedOut = new Set<number>();

/**
 * `count` distinct ports on `host` that nothing listens on right now, for stacks and servers started by tests and
 * throwaway runs. Distinct across calls in this process as well; another process may still take one (callers that
 * start servers should retry on a bind failure, as {@link startEphemeralStack} does).
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries += 1) {
    if (tries > 2000) throw new Error(`freePorts: found only ${String(ports.length)} of ${String(count)} free ports`);
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port) || ports.includes(port)) continue;
    if (await isPortFree(host, port)) ports.push(port);
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}

/** One port from {@link freePorts}. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  return port as number;
}
