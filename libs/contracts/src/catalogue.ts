import { ContractRegistry } from './registry';

/**
 * Every integration event contract of the system: the source of the published AsyncAPI document
 * (`npm run contracts:asyncapi`). Services register their contracts here as they start publishing.
 */
export const CATALOGUE = new ContractRegistry([]);
