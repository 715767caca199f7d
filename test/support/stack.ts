import { resolveStackConfig, stackServices, type StackConfig } from '@bcml/infra';

/** The running local stack's configuration; fails with the command to run when the stack is not healthy. */
export async function requireStack(): Promise<StackConfig> {
  const config = resolveStackConfig();
  for (const service of stackServices(config)) {
    if (!(await service.isHealthy())) {
      throw new Error(
        `${service.name} is not answering (${Object.values(service.urls).join(', ')}); ` +
          'integration tests need the local stack: run `npm run stack:up` (npm test does this for you)',
      );
    }
  }
  return config;
}
