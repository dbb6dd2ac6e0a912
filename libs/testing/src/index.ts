export * from './helpers';
export * from './infrastructure';
export * from './private-servers';
