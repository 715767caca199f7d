import { describe, expect, it } from 'vitest';

import { resolveStackConfig, StackError } from '@bcml/infra';

describe('resolveStackConfig', () => {
  it('defaults to loopback, the standard ports and folders under the repository', () => {
    const config = resolveStackConfig({}, '/repo');
    expect(config.temporal).toEqual({
      host: '127.0.0.1',
      port: 7233,
      uiPort: 8233,
      namespace: 'default',
      address: '127.0.0.1:7233',
      uiUrl: 'http://127.0.0.1:8233',
    });
    expect(config.mlflow.trackingUri).toBe('http://127.0.0.1:5000');
    expect(config.dataDir).toBe('/repo/.data');
    expect(config.toolsDir).toBe('/repo/.tools');
    expect(config.startTimeoutSeconds).toBe(120);
  });

  it('takes hosts, ports and folders from the environment', () => {
    const config = resolveStackConfig(
      {
        BCML_TEMPORAL_PORT: '17233',
        BCML_TEMPORAL_UI_PORT: '18233',
        BCML_MLFLOW_PORT: '15000',
        BCML_MLFLOW_HOST: '::1',
        BCML_DATA_DIR: 'tmp/state',
        BCML_TOOLS_DIR: '/opt/bcml-tools',
        BCML_STACK_TIMEOUT_S: '5',
      },
      '/repo',
    );
    expect(config.temporal.address).toBe('127.0.0.1:17233');
    expect(config.temporal.uiUrl).toBe('http://127.0.0.1:18233');
    expect(config.mlflow.trackingUri).toBe('http://[::1]:15000');
    expect(config.dataDir).toBe('/repo/tmp/state');
    expect(config.toolsDir).toBe('/opt/bcml-tools');
    expect(config.startTimeoutSeconds).toBe(5);
  });

  it.each([
    [
      'BCML_TEMPORAL_PORT',
      '70000',
      /invalid BCML_TEMPORAL_PORT: expected an integer port in 1\.\.65535, received "70000"/,
    ],
    ['BCML_MLFLOW_PORT', 'five', /invalid BCML_MLFLOW_PORT: expected an integer port/],
    ['BCML_STACK_TIMEOUT_S', '-1', /invalid BCML_STACK_TIMEOUT_S: expected a positive number of seconds/],
    ['BCML_TEMPORAL_HOST', 'a host', /invalid BCML_TEMPORAL_HOST/],
    ['BCML_TEMPORAL_NAMESPACE', 'a/b', /invalid BCML_TEMPORAL_NAMESPACE/],
  ])('rejects a bad %s naming the variable', (name, value, message) => {
    const attempt = () => resolveStackConfig({ [name]: value }, '/repo');
    expect(attempt).toThrow(StackError);
    expect(attempt).toThrow(message);
  });

  it('rejects two services on one port', () => {
    expect(() => resolveStackConfig({ BCML_MLFLOW_PORT: '7233' }, '/repo')).toThrow(/must differ/);
  });
});
