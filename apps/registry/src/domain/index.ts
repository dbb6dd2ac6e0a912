/**
 * The registry's pure domain: deciders and policy data. No framework, database or broker code may be
 * imported below this folder (dependency-cruiser's domain-is-pure rule); time and looked-up facts
 * arrive in the commands.
 */
export * from './census';
export * from './child-file';
export * from './identity';
export * from './shared/dates';
export * from './shared/decider';
export * from './shared/guardians';
export * from './shared/localized-text';
export * from './shared/places';
export * from './shared/registry-error';
export * from './tiers';
