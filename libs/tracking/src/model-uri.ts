import { InvalidInputError } from '@bcml/core';

/** A parsed `models:/` URI: a version, an alias, or the latest version of a registered model. */
export type ModelUri =
  | { readonly kind: 'version'; readonly name: string; readonly version: string }
  | { readonly kind: 'alias'; readonly name: string; readonly alias: string }
  | { readonly kind: 'latest'; readonly name: string };

/**
 * Parses `models:/<name>/<version>`, `models:/<name>@<alias>` and `models:/<name>/latest` (MLflow's rules:
 * a name holds no `/`; stage suffixes such as `/Production` are deprecated and not accepted).
 */
export function parseModelUri(uri: string): ModelUri {
  const invalid = (): InvalidInputError =>
    new InvalidInputError(
      'model URI',
      'models:/<name>/<version>, models:/<name>@<alias> or models:/<name>/latest',
      uri,
    );
  const match = /^models:\/(.+)$/.exec(uri);
  const path = match?.[1];
  if (path === undefined) throw invalid();
  const parts = path.split('/');
  const [first = '', second] = parts;
  if (parts.length > 2 || first.trim() === '') throw invalid();
  if (second !== undefined) {
    if (/^\d+$/.test(second)) return { kind: 'version', name: first, version: second };
    if (second.toLowerCase() === 'latest') return { kind: 'latest', name: first };
    throw invalid();
  }
  const at = first.lastIndexOf('@');
  if (at <= 0 || at === first.length - 1) throw invalid();
  return { kind: 'alias', name: first.slice(0, at), alias: first.slice(at + 1) };
}

/** `models:/<name>/<version>`. */
export function modelVersionUri(name: string, version: string): string {
  return `models:/${name}/${version}`;
}

/** `models:/<name>@<alias>`. */
export function modelAliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}
