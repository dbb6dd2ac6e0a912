import { ContractRegistry } from './registry';
import { PLACEMENT_CONTRACTS } from './placement/foster-events';
import { REGISTRY_CONTRACTS } from './registry/child-events';

/**
 * Every integration event contract of the system: the source of the published AsyncAPI document
 * (`npm run contracts:asyncapi`). Services register their contracts here as they start publishing.
 */
export const CATALOGUE = new ContractRegistry([...REGISTRY_CONTRACTS, ...PLACEMENT_CONTRACTS]);
