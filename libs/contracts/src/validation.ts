import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { AnyContract, IntegrationContract } from './contract.types';

/**
 * One ajv instance for every contract (draft 2020-12, strict: a typo in a schema keyword is an error
 * when the contract is defined, not a silently ignored rule). Formats (uuid, date, date-time) are
 * asserted, not just annotations.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);

const compiled = new WeakMap<AnyContract, ValidateFunction>();

export function validatorOf(contract: AnyContract): ValidateFunction {
  let validate = compiled.get(contract);
  if (!validate) {
    validate = ajv.compile(contract.schema);
    compiled.set(contract, validate);
  }
  return validate;
}

export interface Violation {
  /** JSON pointer into the payload (`/childId`); `/` for the payload itself. */
  path: string;
  message: string;
}

/** A payload that does not satisfy its contract: names the contract, its version and each JSON path. */
export class ContractViolation extends Error {
  readonly code = 'CONTRACTS.VIOLATION';
  constructor(
    readonly contract: string,
    readonly version: number,
    readonly violations: Violation[],
  ) {
    super(
      `payload violates contract ${contract} v${version}: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`,
    );
  }
}

function toViolation(error: ErrorObject): Violation {
  // A missing or an extra property is reported on its parent by ajv; point at the property itself.
  const property =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : undefined;
  const path = property === undefined ? error.instancePath : `${error.instancePath}/${property}`;
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not allowed by the contract'
        : (error.message ?? error.keyword);
  return { path: path || '/', message };
}

/** The payload's violations of its contract; empty when it conforms. */
export function violationsOf(contract: AnyContract, payload: unknown): Violation[] {
  const validate = validatorOf(contract);
  return validate(payload) ? [] : (validate.errors ?? []).map(toViolation);
}

/** Returns the payload typed by its contract, or throws ContractViolation. */
export function validate<P>(contract: IntegrationContract<string, P>, payload: unknown): P {
  const violations = violationsOf(contract, payload);
  if (violations.length) throw new ContractViolation(contract.name, contract.version, violations);
  return payload as P;
}
