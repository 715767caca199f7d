import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files of a throwaway certificate authority and what it signed, written by `makeTestCertificates`. */
export interface TestCertificates {
  /** The CA's certificate (the trust root to give clients and the server). */
  readonly ca: string;
  /** The server's certificate (SAN: `serverName` only, no IP address) and key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** A client certificate (extended key usage clientAuth) and key, for mutual TLS. */
  readonly clientCert: string;
  readonly clientKey: string;
  /** A second, unrelated CA's certificate: a wrong trust root. */
  readonly otherCa: string;
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed P-256 CA: `<name>.pem` and `<name>.key` in `dir`. */
function makeCa(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { cert, key };
}

/** A P-256 leaf certificate signed by `ca`, with the given X.509 v3 extensions. */
function makeLeaf(
  dir: string,
  name: string,
  subject: string,
  extensions: string,
  ca: { cert: string; key: string },
): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/CN=${subject}`,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-set_serial',
    String(Date.now()),
    '-days',
    '1',
    '-out',
    cert,
    '-extfile',
    ext,
  ]);
  return { cert, key };
}

/** Makes a throwaway CA, a server certificate for `serverName` and a client certificate in `dir` (Debian's openssl). */
export function makeTestCertificates(dir: string, serverName: string): TestCertificates {
  const ca = makeCa(dir, 'ca');
  const server = makeLeaf(
    dir,
    'server',
    serverName,
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${serverName}\n`,
    ca,
  );
  const client = makeLeaf(
    dir,
    'client',
    'bcml-test-client',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
    ca,
  );
  const other = makeCa(dir, 'other-ca');
  return {
    ca: ca.cert,
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
    otherCa: other.cert,
  };
}
