export * from './asyncapi';
export * from './catalogue';
export * from './contract';
export * from './headers';
export * from './no-personal-data';
export * from './registry';
export * from './validation';
export * from './yaml';
