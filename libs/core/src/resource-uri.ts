import { InvalidInputError } from './bcml-error.js';
import { textAt } from './json-fields.js';

/**
 * A dataset URI as a spec writes it: a bundled dataset (`bcml:datasets/adult`), a path, `file://`, `http(s)://` or an
 * MLflow artifact (`runs:/…`, `mlflow-artifacts:/…`). Only the syntax is checked here; prepare checks that it exists.
 */
export function datasetUriAt(field: string, value: unknown): string {
  const uri = textAt(field, value, 4096);
  rejectCredentials(field, uri);
  if (uri.startsWith('bcml:') && !/^bcml:datasets\/[a-z0-9][a-z0-9-]*$/.test(uri)) {
    throw new InvalidInputError(field, 'a bundled dataset as "bcml:datasets/<name>"', value);
  }
  return uri;
}

/**
 * A model URI as a spec writes it: a local folder, `file://`, `runs:/<run>/<path>`, `models:/<name>@<alias>` or
 * `models:/<name>/<version>`. Only the syntax is checked here; prepare loads it.
 */
export function modelUriAt(field: string, value: unknown): string {
  const uri = textAt(field, value, 4096);
  rejectCredentials(field, uri);
  if (uri.startsWith('models:') && !/^models:\/[^/@\s]+(@[A-Za-z0-9_-]+|\/\d+)$/.test(uri)) {
    throw new InvalidInputError(
      field,
      'a registry model as "models:/<name>@<alias>" or "models:/<name>/<version>"',
      value,
    );
  }
  if (uri.startsWith('runs:') && !/^runs:\/[^/\s]+\/\S+$/.test(uri)) {
    throw new InvalidInputError(field, 'a run artifact as "runs:/<run id>/<path>"', value);
  }
  return uri;
}

/** An MLflow tracking server URL, `http(s)://host[:port][/path]`, without credentials (they come from the env). */
export function trackingUriAt(field: string, value: unknown): string {
  const uri = textAt(field, value, 2048);
  if (!/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(uri)) {
    throw new InvalidInputError(
      field,
      'an http(s) URL without credentials, e.g. "http://127.0.0.1:5000"',
      redactUriCredentials(uri),
    );
  }
  return uri;
}

/** Matches a URI whose authority holds credentials: `scheme://user[:password]@host…`. */
const CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;

/** `uri` with the credentials of its authority, if any, replaced by `***` (`http://***@host/…`), for messages. */
export function redactUriCredentials(uri: string): string {
  return uri.replace(CREDENTIALS, '$1***@');
}

/**
 * Refuses credentials in a spec's URI (`http://user:password@host/…`): a spec travels into the workflow history and
 * MLflow, so credentials come from the workers' environment (their netrc file for http(s) files); the message shows
 * the URI with its credentials redacted.
 */
function rejectCredentials(field: string, uri: string): void {
  if (!CREDENTIALS.test(uri)) return;
  throw new InvalidInputError(
    field,
    'a URL without credentials (the workers read them from their netrc file, NETRC or ~/.netrc)',
    redactUriCredentials(uri),
  );
}
