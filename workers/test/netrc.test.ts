import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { netrcAuthorization, parseNetrc } from '@bcml/workers';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('parseNetrc and netrcAuthorization', () => {
  const text = [
    '# the data server',
    'machine data.example login alice password s3cr3t-1',
    'machine other.example',
    '  login bob',
    '  password s3cr3t-2',
    'macdef init',
    'machine evil.example login mallory password nope',
    '',
    'default login anon password s3cr3t-3',
  ].join('\n');

  it('reads machine and default entries, skipping comments and macros, without showing passwords', () => {
    const entries = parseNetrc(text);
    expect(entries.map((e) => [e.machine, e.login])).toEqual([
      ['data.example', 'alice'],
      ['other.example', 'bob'],
      [undefined, 'anon'],
    ]);
    expect(entries[1]?.password.reveal()).toBe('s3cr3t-2');
    expect(`${JSON.stringify(entries)}${inspect(entries)}`).not.toMatch(/s3cr3t/);
  });

  it("gives the host's entry (any port), else the default, to http(s) URLs only", () => {
    const auth = netrcAuthorization(parseNetrc(text));
    expect(auth(new URL('http://data.example:8080/credit-train.arrow'))).toBe(basic('alice', 's3cr3t-1'));
    expect(auth(new URL('https://OTHER.example/x'))).toBe(basic('bob', 's3cr3t-2'));
    expect(auth(new URL('https://elsewhere.example/x'))).toBe(basic('anon', 's3cr3t-3'));
    expect(auth(new URL('file:///data/x'))).toBeUndefined();
    expect(netrcAuthorization(parseNetrc('machine a login u password p'))(new URL('http://b/'))).toBeUndefined();
  });

  it('names the file of a token without its value', () => {
    expect(() => parseNetrc('machine data.example login', '/home/u/.netrc')).toThrow(
      'invalid /home/u/.netrc: "login" without a value',
    );
  });
});
