import { BcmlError } from '@bcml/core';
import { temporalConnectionOptions } from '@bcml/workers';
import { Client, Connection } from '@temporalio/client';

import type { CliIo } from './cli-io.js';
import { temporalTarget } from './temporal-target.js';
import { tlsHandshakeError } from './tls-handshake-error.js';

/**
 * Connects a Temporal client to `temporalTarget(env)` (TLS and API key included), runs `use`, and closes the
 * connection. A failed connection is a retryable `BcmlError` naming the address and, with TLS, the handshake's error.
 */
export async function withTemporalClient<T>(env: CliIo['env'], use: (client: Client) => Promise<T>): Promise<T> {
  const target = temporalTarget(env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(target), connectTimeout: '10s' });
  } catch (error) {
    const handshake = await tlsHandshakeError(target);
    const reason =
      handshake === undefined
        ? (error as Error).message
        : `the TLS handshake failed: ${handshake} (see TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_CLIENT_CERT_PATH, ` +
          'TEMPORAL_TLS_CLIENT_KEY_PATH and TEMPORAL_TLS_SERVER_NAME)';
    throw new BcmlError(`cannot connect to Temporal at ${target.address}: ${reason}`, true, { cause: error });
  }
  try {
    return await use(new Client({ connection, namespace: target.namespace }));
  } finally {
    await connection.close();
  }
}
