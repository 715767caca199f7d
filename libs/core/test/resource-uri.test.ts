import { describe, expect, it } from 'vitest';

import { datasetUriAt, InvalidInputError, modelUriAt, redactUriCredentials, trackingUriAt } from '@bcml/core';

/** The error `run` throws. */
function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('credentials in spec URIs', () => {
  const secret = 's3cr3t-Pa55';

  it.each([
    ['dataset.uri', datasetUriAt, `http://alice:${secret}@data.example:8080/credit-{split}.arrow`],
    ['dataset.uri', datasetUriAt, `https://${secret}@data.example/credit/{split}.arrow?x=1`],
    ['h1.uri', modelUriAt, `http://alice:${secret}@models.example/h1`],
    ['tracking.uri', trackingUriAt, `http://alice:${secret}@mlflow:5000`],
  ])('refuses them in %s, naming the field, without the secret in the message', (field, parse, uri) => {
    const error = thrown(() => parse(field, uri));
    expect(error.field).toBe(field);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('without credentials');
    expect(error.message).toContain('***@');
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('alice');
  });

  it('accepts URIs without credentials, and @ outside the authority', () => {
    expect(datasetUriAt('dataset.uri', 'http://data.example/a@b/{split}.arrow')).toBe(
      'http://data.example/a@b/{split}.arrow',
    );
    expect(modelUriAt('h1.uri', 'models:/credit@champion')).toBe('models:/credit@champion');
    expect(datasetUriAt('dataset.uri', '/data/x@y')).toBe('/data/x@y');
  });

  it('redacts only the authority', () => {
    expect(redactUriCredentials(`http://u:${secret}@h:1/p@q?r=s@t`)).toBe('http://***@h:1/p@q?r=s@t');
    expect(redactUriCredentials('http://h/p')).toBe('http://h/p');
  });
});
