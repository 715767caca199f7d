import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { temporalConnectionOptions, temporalTargetFromEnv, type TemporalTarget } from '@bcml/workers';

const tmp = mkdtempSync(join(tmpdir(), 'bcml-temporal-connection-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CERT = '-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n';
const KEY_SECRET = 'c2VjcmV0LWtleS1ieXRlcw==';
const KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_SECRET}\n-----END PRIVATE KEY-----\n`;
const API_KEY = 'tk_0123456789abcdef';

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}
const certFile = file('client.pem', CERT);
const keyFile = file('client.key', KEY);
const caFile = file('ca.pem', CERT);

const local = { address: '127.0.0.1:7233', namespace: 'default' };
const target = (env: Record<string, string | undefined>): TemporalTarget => temporalTargetFromEnv(env, () => local);
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));

/** The error `f` throws, which must be an `InvalidInputError`. */
function invalid(f: () => unknown): InvalidInputError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('temporalTargetFromEnv', () => {
  it('defaults to the fallback, plaintext, and asks for it only when the address or namespace is missing', () => {
    expect(target({})).toEqual(local);
    const env = { TEMPORAL_ADDRESS: ' temporal.example:7233 ', TEMPORAL_NAMESPACE: 'prod' };
    expect(
      temporalTargetFromEnv(env, () => {
        throw new Error('not needed');
      }),
    ).toEqual({ address: 'temporal.example:7233', namespace: 'prod' });
    expect(target({ TEMPORAL_NAMESPACE: 'prod', TEMPORAL_TLS: '' })).toEqual({ ...local, namespace: 'prod' });
  });

  it('reads mutual TLS from files, with the server name', () => {
    const tls = target({
      TEMPORAL_TLS_CLIENT_CERT_PATH: certFile,
      TEMPORAL_TLS_CLIENT_KEY_PATH: keyFile,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: caFile,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    }).tls;
    expect(tls).toEqual({
      serverNameOverride: 'temporal.internal',
      serverRootCACertificate: bytes(CERT),
      clientCertPair: { crt: bytes(CERT), key: bytes(KEY) },
    });
  });

  it('reads the _DATA variants, and the older names TEMPORAL_TLS_CERT/KEY/CA, which win', () => {
    expect(target({ TEMPORAL_TLS_CLIENT_CERT_DATA: CERT, TEMPORAL_TLS_CLIENT_KEY_DATA: KEY }).tls).toEqual({
      clientCertPair: { crt: bytes(CERT), key: bytes(KEY) },
    });
    const other = file('other.pem', CERT.replace('Y2VydA==', 'b3RoZXI='));
    const tls = target({
      TEMPORAL_TLS_CERT: certFile,
      TEMPORAL_TLS_KEY_DATA: KEY,
      TEMPORAL_TLS_CA: caFile,
      TEMPORAL_TLS_CLIENT_CERT_PATH: other,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: other,
    }).tls;
    expect(tls).toEqual({
      serverRootCACertificate: bytes(CERT),
      clientCertPair: { crt: bytes(CERT), key: bytes(KEY) },
    });
  });

  it('turns TLS on for an API key or TEMPORAL_TLS=true, and off for TEMPORAL_TLS=false', () => {
    expect(target({ TEMPORAL_API_KEY: API_KEY })).toEqual({ ...local, tls: {}, apiKey: API_KEY });
    expect(target({ TEMPORAL_TLS: 'TRUE' }).tls).toEqual({});
    expect(target({ TEMPORAL_TLS: '1', TEMPORAL_TLS_SERVER_NAME: 'n' }).tls).toEqual({ serverNameOverride: 'n' });
    expect(target({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' }).tls).toBe(false);
    expect(target({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(tmp, 'missing.pem'), TEMPORAL_TLS: '0' })).toEqual(local);
    expect(target({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'false' })).toEqual(local);
  });

  it('maps a target onto the SDK connection options', () => {
    expect(temporalConnectionOptions(local)).toEqual({ address: local.address });
    expect(temporalConnectionOptions({ ...local, tls: false, apiKey: API_KEY })).toEqual({
      address: local.address,
      tls: false,
      apiKey: API_KEY,
    });
  });

  it('names the variable of a bad boolean, a lone certificate or key, and path plus data', () => {
    expect(invalid(() => target({ TEMPORAL_TLS: 'maybe' })).message).toBe(
      'invalid TEMPORAL_TLS: expected true or false, received "maybe"',
    );
    const lone = invalid(() => target({ TEMPORAL_TLS_CLIENT_CERT_PATH: certFile }));
    expect(lone.field).toBe('TEMPORAL_TLS_CLIENT_KEY_PATH');
    expect(lone.message).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
    expect(invalid(() => target({ TEMPORAL_TLS_KEY: keyFile })).field).toBe('TEMPORAL_TLS_CLIENT_CERT_PATH');
    const both = invalid(() =>
      target({ TEMPORAL_TLS_CLIENT_CERT_PATH: certFile, TEMPORAL_TLS_CLIENT_CERT_DATA: CERT }),
    );
    expect(both.message).toContain('either TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA');
    expect(invalid(() => target({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).field).toBe(
      'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
    );
  });

  it('names the variable and the path of an unreadable or non-PEM file, never its contents', () => {
    const missing = join(tmp, 'missing.key');
    const unreadable = invalid(() => target({ TEMPORAL_TLS_CLIENT_CERT_PATH: certFile, TEMPORAL_TLS_KEY: missing }));
    expect(unreadable.message).toBe(
      `invalid TEMPORAL_TLS_KEY: expected a readable PEM file, received "${missing} (ENOENT)"`,
    );
    // A certificate where the key belongs, and key data where the CA belongs: the kind is checked.
    const swapped = invalid(() =>
      target({ TEMPORAL_TLS_CLIENT_CERT_PATH: keyFile, TEMPORAL_TLS_CLIENT_KEY_PATH: keyFile }),
    );
    expect(swapped.message).toContain(
      `invalid TEMPORAL_TLS_CLIENT_CERT_PATH: expected a PEM certificate, received "${keyFile}`,
    );
    const data = invalid(() => target({ TEMPORAL_TLS_SERVER_CA_CERT_DATA: KEY }));
    expect(data.field).toBe('TEMPORAL_TLS_SERVER_CA_CERT_DATA');
    expect(data.message).not.toContain(KEY_SECRET);
  });

  it('refuses an API key with spaces without showing it', () => {
    const error = invalid(() => target({ TEMPORAL_API_KEY: 'tk_secret part' }));
    expect(error.field).toBe('TEMPORAL_API_KEY');
    expect(error.message).not.toContain('tk_secret');
  });
});

describe('temporalTargetFromEnv with a Temporal config file', () => {
  const toml = file(
    'temporal.toml',
    [
      '[profile.default]',
      'address = "default.example:7233"',
      '[profile.cloud]',
      'address = "ns.acct.tmprl.cloud:7233"',
      'namespace = "ns.acct"',
      `api_key = "${API_KEY}"`,
      '[profile.cloud.tls]',
      `client_cert_path = "${certFile}"`,
      `client_key_data = """${KEY}"""`,
      '',
    ].join('\n'),
  );

  it('reads TEMPORAL_PROFILE of TEMPORAL_CONFIG_FILE, under the variables', () => {
    expect(target({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud' })).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      apiKey: API_KEY,
      tls: { clientCertPair: { crt: bytes(CERT), key: bytes(KEY) } },
    });
    expect(target({ TEMPORAL_CONFIG_FILE: toml })).toEqual({ address: 'default.example:7233', namespace: 'default' });
    const overridden = target({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: 'other:7233',
      TEMPORAL_TLS: 'false',
    });
    expect(overridden).toEqual({ address: 'other:7233', namespace: 'ns.acct', apiKey: API_KEY, tls: false });
  });

  it('reaches a plaintext local server from a Temporal Cloud shell with the local stack’s client environment', () => {
    // What @bcml/infra's localClientEnv gives the stack's own workers and the demo (infra/test checks that side).
    const local = file(
      'local-temporal.toml',
      '# The local stack: no TLS, no API key (written by bcml).\n[profile.default]\n',
    );
    const cloudShell = { TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: keyFile };
    const neutralised = {
      ...cloudShell,
      TEMPORAL_API_KEY: '',
      TEMPORAL_TLS_CERT: '',
      TEMPORAL_TLS_KEY: '',
      TEMPORAL_PROFILE: '',
      TEMPORAL_TLS: 'false',
      TEMPORAL_CONFIG_FILE: local,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
    };
    expect(target(neutralised)).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
  });

  it('finds ~/.config/temporalio/temporal.toml, and is fine without one', () => {
    const home = join(tmp, 'home');
    mkdirSync(join(home, '.config', 'temporalio'), { recursive: true });
    expect(target({ HOME: home })).toEqual(local);
    writeFileSync(join(home, '.config', 'temporalio', 'temporal.toml'), '[profile.default]\nnamespace = "from-home"\n');
    expect(target({ HOME: home })).toEqual({ ...local, namespace: 'from-home' });
  });

  it('names TEMPORAL_CONFIG_FILE or TEMPORAL_PROFILE when they are wrong, never the file text', () => {
    const missing = join(tmp, 'missing.toml');
    expect(invalid(() => target({ TEMPORAL_CONFIG_FILE: missing })).message).toBe(
      `invalid TEMPORAL_CONFIG_FILE: expected a readable TOML file, received "${missing} (ENOENT)"`,
    );
    const profile = invalid(() => target({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'staging' }));
    expect(profile.message).toBe(`invalid TEMPORAL_PROFILE: expected a profile of ${toml}, received "staging"`);
    expect(profile.cause).toBeInstanceOf(Error);
    const broken = file('broken.toml', `[profile.default]\napi_key = "${API_KEY}\n`);
    const error = invalid(() => target({ TEMPORAL_CONFIG_FILE: broken }));
    expect(error.field).toBe('TEMPORAL_CONFIG_FILE');
    expect(error.message).toMatch(/not valid TOML at line \d/);
    expect(error.message).not.toContain(API_KEY);
    expect(error).not.toHaveProperty('cause');
  });
});
