import { containerInfrastructure } from './containers';
import { chooseSource, InfrastructureSettings, localInfrastructure, SETTING_NAMES } from './infrastructure';

/**
 * Jest global setup of the integration and end-to-end projects: puts the servers' connection
 * settings into process.env, which every test worker inherits.
 */
export default async function globalSetup(): Promise<void> {
  if (SETTING_NAMES.every((name) => process.env[name])) return;
  const source = await chooseSource();
  let settings: InfrastructureSettings;
  if (source === 'testcontainers') {
    settings = await containerInfrastructure();
  } else {
    settings = localInfrastructure();
  }
  for (const name of SETTING_NAMES) process.env[name] ??= settings[name];
  process.env.WELFARE_TEST_INFRA_SOURCE = source;
}
