import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One request that went through a `CountingHttpProxy`. */
export interface ProxiedRequest {
  readonly method: string;
  /** The path without its query, e.g. `/api/2.0/mlflow/runs/log-batch`. */
  readonly path: string;
}

/** A plain HTTP proxy in front of one server that records every request it forwards. */
export interface CountingHttpProxy {
  /** The proxy's base URL, `http://127.0.0.1:<port>`: use it in place of the server's. */
  readonly url: string;
  /** The requests forwarded so far, in arrival order. */
  requests(): readonly ProxiedRequest[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port that forwards every request to `target` (an `http://host:port` URL, e.g. an
 * MLflow tracking server) unchanged, streaming bodies both ways, and records its method and path.
 */
export async function startCountingHttpProxy(target: string): Promise<CountingHttpProxy> {
  const upstream = new URL(target);
  const seen: ProxiedRequest[] = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const url = incoming.url ?? '/';
    seen.push({ method: incoming.method ?? 'GET', path: url.split('?')[0] ?? url });
    const proxied = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    proxied.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`counting proxy: ${error.message}`);
    });
    incoming.pipe(proxied);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
