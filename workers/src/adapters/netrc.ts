import { Secret } from '@bcml/tracking';

/** One entry of a netrc file: the credentials of a host (`machine`), or of any host (`default`). */
export interface NetrcEntry {
  /** The host name the entry is for; undefined for the `default` entry. */
  readonly machine: string | undefined;
  readonly login: string;
  readonly password: Secret;
}

/** The `Authorization` header value to send to a URL, or undefined for none. */
export type HttpAuthorization = (url: URL) => string | undefined;

/**
 * The entries of a netrc file (`machine <host> login <user> password <password>`, `default …`, as curl, git and
 * Python's requests read it); `macdef` macros are skipped. A token without its value is an error naming the file.
 */
export function parseNetrc(text: string, file = 'netrc'): NetrcEntry[] {
  const tokens = tokenize(text);
  const entries: NetrcEntry[] = [];
  let current: { machine: string | undefined; login: string; password: string } | undefined;
  const flush = (): void => {
    if (current !== undefined) entries.push({ ...current, password: new Secret(current.password) });
    current = undefined;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as string;
    const value = (): string => {
      const next = tokens[i + 1];
      if (next === undefined) throw new Error(`invalid ${file}: "${token}" without a value`);
      i += 1;
      return next;
    };
    if (token === 'machine') {
      flush();
      current = { machine: value(), login: '', password: '' };
    } else if (token === 'default') {
      flush();
      current = { machine: undefined, login: '', password: '' };
    } else if (token === 'login' || token === 'password' || token === 'account') {
      const text = value();
      if (current !== undefined && token !== 'account') current[token] = text;
    }
  }
  flush();
  return entries;
}

/**
 * Basic-auth `Authorization` headers from netrc entries: the entry of the URL's host name, else the `default` entry,
 * for http(s) URLs only; none when no entry fits.
 */
export function netrcAuthorization(entries: readonly NetrcEntry[]): HttpAuthorization {
  return (url) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const entry =
      entries.find((e) => e.machine !== undefined && e.machine.toLowerCase() === url.hostname.toLowerCase()) ??
      entries.find((e) => e.machine === undefined);
    if (entry === undefined) return undefined;
    return `Basic ${Buffer.from(`${entry.login}:${entry.password.reveal()}`, 'utf8').toString('base64')}`;
  };
}

/** Whitespace-separated tokens, without `#` comment lines and `macdef` macros (which run to the next empty line). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let inMacro = false;
  for (const line of text.split(/\r?\n/)) {
    if (inMacro) {
      inMacro = line.trim() !== '';
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    const words = line.split(/\s+/).filter((word) => word !== '');
    const macro = words.indexOf('macdef');
    if (macro >= 0) {
      tokens.push(...words.slice(0, macro));
      inMacro = true;
    } else {
      tokens.push(...words);
    }
  }
  return tokens;
}
