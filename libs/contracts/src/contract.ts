import type { SchemaObject } from 'ajv/dist/2020';
import type { ContractDefinition, IntegrationContract } from './contract.types';
import { personalDataProblems } from './no-personal-data';
import { validatorOf, violationsOf } from './validation';

export type { AnyContract, ContractDefinition, IntegrationContract, KeyRule, PayloadOf } from './contract.types';

export class ContractDefinitionError extends Error {
  readonly code = 'CONTRACTS.INVALID_DEFINITION';
}

const NAME = /^[a-z][a-z0-9-]*\.[A-Z][A-Za-z0-9]*$/;
const TOPIC = /^[a-z][a-z0-9._-]{0,200}$/;

/**
 * Defines a contract and checks it at once (module load): name and topic shapes, the schema compiles
 * under ajv's strict mode, it carries no personal data, and the example satisfies it.
 */
export function defineContract<Name extends string, Payload>(
  definition: ContractDefinition<Name, Payload>,
): IntegrationContract<Name, Payload> {
  const { name, version, topic } = definition;
  const fail = (problem: string) => {
    throw new ContractDefinitionError(`contract ${name} v${version}: ${problem}`);
  };
  if (!NAME.test(name)) fail('the name must read <service>.<EventInPastTense>, e.g. placement.PlacementStarted');
  if (!Number.isInteger(version) || version < 1) fail('the version must be a whole number ≥ 1');
  if (!TOPIC.test(topic) || topic.endsWith('.dlq')) {
    fail('the topic must be lower case [a-z0-9._-] and must not end in .dlq (reserved for dead letters)');
  }
  if (definition.personalData !== 'none') fail('integration events carry no personal data: set personalData: "none"');
  const problems = personalDataProblems(definition.schema);
  if (problems.length) fail(`personal data guard: ${problems.join('; ')}`);

  const contract: IntegrationContract<Name, Payload> = Object.freeze({
    ...definition,
    schema: definition.schema as SchemaObject,
    id: `${name}.v${version}`,
  });
  try {
    validatorOf(contract);
  } catch (error) {
    fail(`the schema does not compile: ${(error as Error).message}`);
  }
  const violations = violationsOf(contract, definition.example);
  if (violations.length)
    fail(`the example violates the schema: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
  const key = definition.key.of(definition.example);
  if (typeof key !== 'string' || !key) fail('the key rule must give a non-empty string');
  return contract;
}
