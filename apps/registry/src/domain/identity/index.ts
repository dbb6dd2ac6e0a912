export * from './id-number';
export * from './id-number-reservation';
export * from './registry-number';
