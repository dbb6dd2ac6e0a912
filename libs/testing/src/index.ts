export * from './helpers';
export * from './infrastructure';
