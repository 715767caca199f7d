import {
  connect,
  constants,
  createSecureServer,
  type ClientHttp2Session,
  type Http2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import type { AddressInfo } from 'node:net';

/** One gRPC call the proxy forwarded: its method path and the headers that tell who called. */
export interface ProxiedCall {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
}

/** A running `startGrpcTlsProxy`. */
export interface GrpcTlsProxy {
  /** `127.0.0.1:<port>`, where clients connect with TLS. */
  readonly address: string;
  /** The calls forwarded so far. */
  readonly calls: ProxiedCall[];
  /** TLS handshakes the server refused (e.g. no client certificate), as Node reported them. */
  readonly refusedHandshakes: string[];
  /** Closes the server, its sessions and the upstream session. */
  close(): Promise<void>;
}

/** What `startGrpcTlsProxy` serves with and where it forwards to. */
export interface GrpcTlsProxyOptions {
  /** PEM contents of the server's certificate and key, and of the CA that client certificates must chain to. */
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly clientCa: Buffer;
  /** `host:port` of the plaintext gRPC server (the Temporal dev server's frontend). */
  readonly upstream: string;
}

const HOP_HEADERS = new Set([':authority', ':scheme']);

/**
 * A mutual-TLS terminator for gRPC in front of a plaintext server (the Temporal dev server has no TLS flags):
 * an HTTP/2 server over TLS (ALPN h2, client certificates required and checked against `clientCa`) that forwards
 * each call's headers, body, response and trailers to `upstream` over one plaintext HTTP/2 session, and records
 * each call's path, `authorization` and `user-agent` headers.
 */
export async function startGrpcTlsProxy(options: GrpcTlsProxyOptions): Promise<GrpcTlsProxy> {
  const calls: ProxiedCall[] = [];
  const refusedHandshakes: string[] = [];
  const sessions = new Set<Http2Session>();
  let upstream: ClientHttp2Session | undefined;
  const upstreamSession = (): ClientHttp2Session => {
    if (upstream === undefined || upstream.closed || upstream.destroyed) {
      upstream = connect(`http://${options.upstream}`);
      upstream.on('error', () => undefined);
    }
    return upstream;
  };

  const server = createSecureServer({
    cert: options.cert,
    key: options.key,
    ca: options.clientCa,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('tlsClientError', (error: Error) => refusedHandshakes.push(error.message));
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers: IncomingHttpHeaders) => {
    const path = String(headers[':path'] ?? '');
    const authorization = headers['authorization'];
    calls.push({ path, authorization, userAgent: headers['user-agent'] });
    const forwarded: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!HOP_HEADERS.has(name) && value !== undefined) forwarded[name] = value;
    }
    stream.on('error', () => undefined);
    const call = upstreamSession().request(forwarded);
    call.on('error', () => undefined);
    let trailers: OutgoingHttpHeaders = {};
    call.on('trailers', (received: IncomingHttpHeaders) => {
      trailers = { ...received };
    });
    call.on('response', (response: IncomingHttpHeaders, flags: number) => {
      if (stream.closed) return;
      // A trailers-only response (a gRPC error without a body) ends with its headers.
      if ((flags & constants.NGHTTP2_FLAG_END_STREAM) !== 0) {
        stream.respond({ ...response }, { endStream: true });
        return;
      }
      stream.respond({ ...response }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      call.pipe(stream);
    });
    stream.pipe(call);
    // A cancelled call (a worker's long poll at shutdown) is cancelled upstream, and the other way round.
    stream.on('close', () => {
      if (!call.closed) call.close(constants.NGHTTP2_CANCEL);
    });
    call.on('close', () => {
      if (!stream.closed && !stream.headersSent) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    calls,
    refusedHandshakes,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.destroy();
      upstream?.destroy();
      await closed;
    },
  };
}
