import { readFileSync } from 'node:fs';

import { InvalidInputError } from '@bcml/core';
import type { TLSConfig } from '@temporalio/client';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';

type Env = Readonly<Record<string, string | undefined>>;

/** The Temporal server a worker polls or a client calls, and how to reach it (TLS, API key). */
export interface TemporalTarget {
  /** `host:port` of the frontend, e.g. `127.0.0.1:7233`. */
  readonly address: string;
  readonly namespace: string;
  /** TLS settings when TLS is on, `false` when it is off although `apiKey` is set; absent: plaintext. */
  readonly tls?: TLSConfig | false;
  /** A Temporal API key, sent as `authorization: Bearer <key>`. A secret: never log or print it. */
  readonly apiKey?: string;
}

/** The connection options of a `TemporalTarget`, for `Connection.connect` and `NativeConnection.connect`. */
export function temporalConnectionOptions(target: TemporalTarget): {
  address: string;
  tls?: TLSConfig | false;
  apiKey?: string;
} {
  return {
    address: target.address,
    ...(target.tls === undefined ? {} : { tls: target.tls }),
    ...(target.apiKey === undefined ? {} : { apiKey: target.apiKey }),
  };
}

/**
 * Reads the Temporal CLI's client settings into a `TemporalTarget`: the profile `TEMPORAL_PROFILE` (default
 * `default`) of the TOML file `TEMPORAL_CONFIG_FILE` (default `~/.config/temporalio/temporal.toml`, if present),
 * overridden by `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS` (true/false),
 * `TEMPORAL_TLS_CLIENT_CERT_PATH|_DATA`, `TEMPORAL_TLS_CLIENT_KEY_PATH|_DATA`, `TEMPORAL_TLS_SERVER_CA_CERT_PATH|_DATA`,
 * `TEMPORAL_TLS_SERVER_NAME`, `TEMPORAL_TLS_DISABLE_HOST_VERIFICATION` and the CLI's older names `TEMPORAL_TLS_CERT`,
 * `TEMPORAL_TLS_KEY`, `TEMPORAL_TLS_CA` (and their `_DATA`), which win as in the CLI. TLS is on when any TLS setting
 * or an API key is given, unless `TEMPORAL_TLS=false`. The address and namespace default to `fallback()`. Files are
 * read here; a bad setting is an `InvalidInputError` naming the variable (never showing a key or a secret).
 */
export function temporalTargetFromEnv(
  env: Env,
  fallback: () => { readonly address: string; readonly namespace: string },
): TemporalTarget {
  const file = fileProfile(env);
  const profile = file.profile;
  const address = setting(env, 'TEMPORAL_ADDRESS') ?? nonEmpty(profile.address);
  const namespace = setting(env, 'TEMPORAL_NAMESPACE') ?? nonEmpty(profile.namespace);
  const defaults = address === undefined || namespace === undefined ? fallback() : undefined;
  const apiKey = apiKeyOf(env, file);
  const tls = tlsOf(env, file, apiKey !== undefined);
  return {
    address: address ?? defaults?.address ?? '',
    namespace: namespace ?? defaults?.namespace ?? 'default',
    ...(tls === undefined ? {} : { tls }),
    ...(apiKey === undefined ? {} : { apiKey }),
  };
}

/** A profile of the Temporal config file (empty without one) and how errors name its fields. */
interface FileProfile {
  readonly profile: ClientConfigProfile;
  /** `<profile> profile of <file>`, for error messages. */
  readonly label: string;
}

const DEFAULT_CONFIG_FILE = '~/.config/temporalio/temporal.toml';

function fileProfile(env: Env): FileProfile {
  const path = setting(env, 'TEMPORAL_CONFIG_FILE');
  const name = setting(env, 'TEMPORAL_PROFILE');
  const label = `${name ?? 'default'} profile of ${path ?? DEFAULT_CONFIG_FILE}`;
  const configSource: ConfigDataSource | undefined =
    path === undefined ? undefined : { data: readSetting('TEMPORAL_CONFIG_FILE', path, 'a readable TOML file') };
  const lookup: Record<string, string> = {};
  for (const key of ['HOME', 'XDG_CONFIG_HOME', 'APPDATA']) {
    const value = env[key];
    if (value !== undefined) lookup[key] = value;
  }
  try {
    const profile = loadClientConfigProfile({
      disableEnv: true,
      overrideEnvVars: lookup,
      ...(configSource === undefined ? {} : { configSource }),
      ...(name === undefined ? {} : { profile: name }),
    });
    return { profile, label };
  } catch (error) {
    throw configFileError(error, path ?? DEFAULT_CONFIG_FILE, name);
  }
}

/** Turns an `@temporalio/envconfig` error into an `InvalidInputError`; TOML errors keep the line, never the text. */
function configFileError(error: unknown, path: string, name: string | undefined): InvalidInputError {
  const message = error instanceof Error ? error.message : String(error);
  if (name !== undefined && message.startsWith('Profile ')) {
    return new InvalidInputError('TEMPORAL_PROFILE', `a profile of ${path}`, name, { cause: error });
  }
  const line = (error as { line?: unknown }).line;
  const code = (error as { code?: unknown }).code;
  const why =
    typeof line === 'number'
      ? `not valid TOML at line ${line}`
      : typeof code === 'string'
        ? code
        : message.startsWith('Cannot specify both')
          ? message
          : 'unreadable';
  return new InvalidInputError('TEMPORAL_CONFIG_FILE', 'a Temporal client config file (TOML)', `${path} (${why})`);
}

function apiKeyOf(env: Env, file: FileProfile): string | undefined {
  const fromEnv = setting(env, 'TEMPORAL_API_KEY');
  const key = fromEnv ?? nonEmpty(file.profile.apiKey?.trim());
  if (key !== undefined && !/^[\x21-\x7e]+$/.test(key)) {
    const field = fromEnv === undefined ? `api_key of the ${file.label}` : 'TEMPORAL_API_KEY';
    throw new InvalidInputError(field, 'printable ASCII without spaces', 'other characters (value not shown)');
  }
  return key;
}

function tlsOf(env: Env, file: FileProfile, hasApiKey: boolean): TLSConfig | false | undefined {
  const fileTls = file.profile.tls;
  const enabled =
    booleanSetting(env, 'TEMPORAL_TLS') ?? (fileTls?.disabled === undefined ? undefined : !fileTls.disabled);
  if (booleanSetting(env, 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION') === true) {
    throw new InvalidInputError(
      'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
      "false: the TypeScript SDK always verifies the server's name (set TEMPORAL_TLS_SERVER_NAME to the name in its certificate)",
      'true',
    );
  }
  const pem = (kind: PemKind, names: PemNames, fromFile: ConfigDataSource | undefined, fileField: string) =>
    pemSetting(env, kind, names, fromFile, `tls.${fileField} of the ${file.label}`);
  const cert = pem('certificate', CERT, fileTls?.clientCert, 'client_cert');
  const key = pem('private key', KEY, fileTls?.clientKey, 'client_key');
  const ca = pem('certificate', CA, fileTls?.serverCACert, 'server_ca_cert');
  const serverName = setting(env, 'TEMPORAL_TLS_SERVER_NAME') ?? nonEmpty(fileTls?.serverName);
  const anyTls =
    fileTls !== undefined || cert !== undefined || key !== undefined || ca !== undefined || serverName !== undefined;
  if (!(enabled ?? (anyTls || hasApiKey))) return hasApiKey ? false : undefined;
  if (cert !== undefined && key === undefined) {
    throw new InvalidInputError(KEY.path, `the private key of the client certificate ${cert.field}`, undefined);
  }
  if (key !== undefined && cert === undefined) {
    throw new InvalidInputError(CERT.path, `the client certificate of the private key ${key.field}`, undefined);
  }
  return {
    ...(serverName === undefined ? {} : { serverNameOverride: serverName }),
    ...(ca === undefined ? {} : { serverRootCACertificate: ca.read() }),
    ...(cert === undefined || key === undefined ? {} : { clientCertPair: { crt: cert.read(), key: key.read() } }),
  };
}

type PemKind = 'certificate' | 'private key';

/** A PEM setting's variables: the CLI's current names, and its older ones (which win when set). */
interface PemNames {
  readonly path: string;
  readonly data: string;
  readonly legacyPath: string;
  readonly legacyData: string;
}

const CERT: PemNames = {
  path: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  data: 'TEMPORAL_TLS_CLIENT_CERT_DATA',
  legacyPath: 'TEMPORAL_TLS_CERT',
  legacyData: 'TEMPORAL_TLS_CERT_DATA',
};
const KEY: PemNames = {
  path: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  data: 'TEMPORAL_TLS_CLIENT_KEY_DATA',
  legacyPath: 'TEMPORAL_TLS_KEY',
  legacyData: 'TEMPORAL_TLS_KEY_DATA',
};
const CA: PemNames = {
  path: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  data: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  legacyPath: 'TEMPORAL_TLS_CA',
  legacyData: 'TEMPORAL_TLS_CA_DATA',
};

/** Where a PEM setting came from (`field`, for errors) and how to read it (checked: PEM of the right kind). */
interface PemSource {
  readonly field: string;
  read(): Uint8Array;
}

function pemSetting(
  env: Env,
  kind: PemKind,
  names: PemNames,
  fromFile: ConfigDataSource | undefined,
  fileField: string,
): PemSource | undefined {
  for (const [pathName, dataName] of [
    [names.legacyPath, names.legacyData],
    [names.path, names.data],
  ] as const) {
    const path = setting(env, pathName);
    // PEM data as given (not trimmed); blank counts as unset.
    const data = setting(env, dataName) === undefined ? undefined : env[dataName];
    if (path !== undefined && data !== undefined) {
      throw new InvalidInputError(pathName, `either ${pathName} or ${dataName}, not both`, 'both');
    }
    if (path !== undefined) {
      return {
        field: pathName,
        read: () => checkedPem(pathName, kind, readSetting(pathName, path, 'a readable PEM file'), path),
      };
    }
    if (data !== undefined) {
      return { field: dataName, read: () => checkedPem(dataName, kind, Buffer.from(data), undefined) };
    }
  }
  if (fromFile === undefined) return undefined;
  if ('path' in fromFile) {
    const path = fromFile.path;
    return {
      field: fileField,
      read: () => checkedPem(fileField, kind, readSetting(fileField, path, 'a readable PEM file'), path),
    };
  }
  const data = typeof fromFile.data === 'string' ? Buffer.from(fromFile.data) : fromFile.data;
  return { field: fileField, read: () => checkedPem(fileField, kind, data, undefined) };
}

/** `bytes` if they hold a PEM block of `kind`; the error shows the path, never the contents. */
function checkedPem(field: string, kind: PemKind, bytes: Uint8Array, path: string | undefined): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const pattern = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  if (!pattern.test(text)) {
    const expected = kind === 'certificate' ? 'a PEM certificate' : 'a PEM private key';
    throw new InvalidInputError(field, expected, `${path ?? 'data'} without "-----BEGIN ${kind.toUpperCase()}"`);
  }
  return Uint8Array.from(bytes);
}

/** The bytes of the file a setting names; the error names the setting and the path. */
function readSetting(field: string, path: string, expected: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InvalidInputError(field, expected, `${path} (${code})`, { cause: error });
  }
}

/** A boolean variable: `true`/`1` or `false`/`0` (any case); unset or empty: undefined. */
function booleanSetting(env: Env, name: string): boolean | undefined {
  const value = setting(env, name);
  if (value === undefined) return undefined;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new InvalidInputError(name, 'true or false', value);
}

/** A variable's trimmed value; unset or blank: undefined. */
function setting(env: Env, name: string): string | undefined {
  return nonEmpty(env[name]?.trim());
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
