import { connect } from 'node:tls';

import type { TemporalTarget } from '@bcml/workers';

/**
 * Why a TLS handshake with `target` fails (Node's message, e.g. `unable to get local issuer certificate`, or the
 * server's alert when it wants a client certificate), or `undefined` when it succeeds, TLS is off or the server does
 * not answer in `timeoutMs`. A diagnosis for a failed connection: the gRPC client only says that it timed out.
 * Sends no API key and nothing but the handshake.
 */
export function tlsHandshakeError(target: TemporalTarget, timeoutMs = 3000): Promise<string | undefined> {
  const tls = target.tls;
  const colon = target.address.lastIndexOf(':');
  const port = Number(target.address.slice(colon + 1));
  if (tls === false || (tls === undefined && target.apiKey === undefined) || colon < 0 || !Number.isInteger(port)) {
    return Promise.resolve(undefined);
  }
  const host = target.address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      servername: tls?.serverNameOverride ?? host,
      ALPNProtocols: ['h2'],
      ...(tls?.serverRootCACertificate === undefined ? {} : { ca: Buffer.from(tls.serverRootCACertificate) }),
      ...(tls?.clientCertPair === undefined
        ? {}
        : { cert: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) }),
    });
    const done = (reason: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('error', (error: Error) => done(error.message));
    // With TLS 1.3 a server refuses a missing or unknown client certificate only after the client's handshake is done.
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      setTimeout(() => done(undefined), 300);
    });
  });
}
