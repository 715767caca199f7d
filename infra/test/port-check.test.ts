import { createServer, type Server } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { freePort, freePorts, isPortFree } from '@bcml/infra';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolvePromise(server));
  });
}

describe('freePorts', () => {
  it('hands out distinct bindable ports below the ephemeral range, never the same one twice', async () => {
    const first = await freePorts(20);
    const second = await freePorts(20);
    const all = [...first, ...second, await freePort()];
    expect(new Set(all).size).toBe(all.length);
    for (const port of all) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
    for (const port of first.slice(0, 5)) servers.push(await listen(port));
  });

  it('isPortFree tells a held port from a free one', async () => {
    const [port] = (await freePorts(1)) as [number];
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
    servers.push(await listen(port));
    expect(await isPortFree('127.0.0.1', port)).toBe(false);
  });
});
