import { Client, Connection } from '@temporalio/client';

import type { CliIo } from './cli-io.js';
import { temporalTarget } from './temporal-target.js';

/** Connects a Temporal client to `temporalTarget(env)`, runs `use`, and closes the connection. */
export async function withTemporalClient<T>(env: CliIo['env'], use: (client: Client) => Promise<T>): Promise<T> {
  const target = temporalTarget(env);
  const connection = await Connection.connect({ address: target.address, connectTimeout: '10s' });
  try {
    return await use(new Client({ connection, namespace: target.namespace }));
  } finally {
    await connection.close();
  }
}
