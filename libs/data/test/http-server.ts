// Test support: a local HTTP server on 127.0.0.1 serving fixed responses (no external network).
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A running local server and how to stop it. */
export interface LocalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A route: the status and body to answer with, the body optionally sent in small chunks. */
export interface Route {
  readonly status?: number;
  readonly body?: Uint8Array;
  readonly chunkSize?: number;
}

/** Starts a server answering GET `path` with `routes[path]` (404 otherwise). */
export async function startServer(routes: Readonly<Record<string, Route>>): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (route === undefined) {
      response.writeHead(404, 'Not Found').end('not found');
      return;
    }
    response.writeHead(route.status ?? 200, { 'content-type': 'application/vnd.apache.arrow.file' });
    const body = route.body ?? new Uint8Array(0);
    const size = route.chunkSize ?? body.length;
    for (let start = 0; start < body.length; start += size) response.write(body.subarray(start, start + size));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
