import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  freePort,
  isPortFree,
  processesInGroup,
  readPidFile,
  serviceState,
  startService,
  stopService,
  StackError,
  type ServiceSpec,
} from '@bcml/infra';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port = 0): Promise<number> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    servers.push(server);
    server.listen({ host: '127.0.0.1', port }, () => {
      const address = server.address();
      resolvePromise(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

/** A throwaway service: a shell that starts a child (so the group has two processes) and sleeps. */
function sleeperSpec(dir: string, healthy: () => Promise<boolean>, port = 1): ServiceSpec {
  const script = join(dir, 'sleeper.sh');
  writeFileSync(script, '#!/bin/sh\necho starting\nsleep 300 &\nexec sleep 300\n', { mode: 0o755 });
  return {
    name: 'sleeper',
    command: script,
    args: [],
    env: {},
    ports: [{ host: '127.0.0.1', port, setting: 'SLEEPER_PORT' }],
    dirs: [join(dir, 'state')],
    logFile: join(dir, 'logs', 'sleeper.log'),
    pidFile: join(dir, 'run', 'sleeper.pid'),
    urls: {},
    isHealthy: healthy,
  };
}

describe('isPortFree', () => {
  it('tells a taken port from a free one', async () => {
    const port = await listen();
    expect(await isPortFree('127.0.0.1', port)).toBe(false);
    await new Promise((r) => servers.pop()?.close(r));
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });

  it('freePort finds a port that is free', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });
});

describe('startService / stopService', () => {
  it('starts once, is a no-op the second time, and stops the whole process group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcml-svc-'));
    const spec = sleeperSpec(dir, () => Promise.resolve(true), await freePort());

    expect(await startService(spec, 5)).toBe('started');
    const record = readPidFile(spec.pidFile);
    expect(record).toBeDefined();
    const pgid = record?.pgid ?? -1;
    await expect.poll(() => processesInGroup(pgid).length).toBe(2);
    expect(await startService(spec, 5)).toBe('already-running');
    expect(readPidFile(spec.pidFile)?.pid).toBe(record?.pid);
    expect((await serviceState(spec)).running).toBe(true);

    expect(await stopService(spec)).toBe(true);
    expect(processesInGroup(pgid)).toEqual([]);
    expect(readPidFile(spec.pidFile)).toBeUndefined();
    expect(await stopService(spec)).toBe(false);
  });

  it('refuses a taken port, naming the port and its setting, before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcml-svc-'));
    const port = await listen();
    const spec = sleeperSpec(dir, () => Promise.resolve(true), port);
    const attempt = startService(spec, 5);
    await expect(attempt).rejects.toThrow(StackError);
    await expect(startService(spec, 5)).rejects.toThrow(
      `sleeper: port ${port} on 127.0.0.1 is taken by another process; stop it or set SLEEPER_PORT to a free port`,
    );
    expect(readPidFile(spec.pidFile)).toBeUndefined();
  });

  it('on a health timeout names the log file and stops what it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcml-svc-'));
    const spec = sleeperSpec(dir, () => Promise.resolve(false), await freePort());
    const error = await startService(spec, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toContain(`sleeper was not healthy after 1 s; see its log: ${spec.logFile}`);
    expect((error as StackError).message).toContain('starting');
    expect((error as StackError).details.logFile).toBe(spec.logFile);
    expect(readPidFile(spec.pidFile)).toBeUndefined();
    expect((await serviceState(spec)).running).toBe(false);
  });

  it('reports a process that exits during start with its exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcml-svc-'));
    const script = join(dir, 'fail.sh');
    writeFileSync(script, '#!/bin/sh\necho "bind: address already in use" >&2\nexit 3\n', { mode: 0o755 });
    const spec: ServiceSpec = { ...sleeperSpec(dir, () => Promise.resolve(false)), command: script, ports: [] };
    await expect(startService(spec, 10)).rejects.toThrow(
      /sleeper exited with code 3; see its log: .*\n.*address already in use/,
    );
  });

  it('does not signal a process whose pid was reused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcml-svc-'));
    const spec = sleeperSpec(dir, () => Promise.resolve(true), 1);
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = stranger.pid ?? -1;
    // A pid file naming the stranger's pid but another start time: not a process `up` started.
    mkdirSync(dirname(spec.pidFile), { recursive: true });
    writeFileSync(spec.pidFile, JSON.stringify({ pid, pgid: pid, startTicks: 1, command: 'x', startedAt: '' }));
    expect(await stopService(spec)).toBe(false);
    expect(processesInGroup(pid)).toEqual([pid]);
    stranger.kill('SIGKILL');
  });
});
