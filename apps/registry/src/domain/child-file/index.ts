export * from './age-group';
export * from './child-stream';
export * from './commands';
export * from './decide';
export { decideMerge, type MergeDecision } from './decide-merge';
export * from './events';
export * from './evolve';
export * from './state';
export * from './vocabulary';
