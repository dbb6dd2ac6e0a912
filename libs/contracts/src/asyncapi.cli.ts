import { asyncApiJson, asyncApiYaml } from './asyncapi';
import { CATALOGUE } from './catalogue';
import { exampleCaseContracts } from './examples/case-contracts';
import { ContractRegistry } from './registry';

/**
 * Prints the AsyncAPI document of the catalogue: `npm run contracts:asyncapi [-- --json] [-- --examples]`.
 * `--examples` prints the example contracts instead (until services register real ones).
 */
const args = new Set(process.argv.slice(2));
const contracts = args.has('--examples') ? new ContractRegistry(Object.values(exampleCaseContracts())) : CATALOGUE;
const info = {
  title: 'Child welfare integration events',
  version: '1.0.0',
  description: 'Facts the services tell each other on Kafka: ids and codes only, no personal data.',
};
process.stdout.write(args.has('--json') ? asyncApiJson(contracts, info) : asyncApiYaml(contracts, info));
