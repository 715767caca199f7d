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
