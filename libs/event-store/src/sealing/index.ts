// The public surface of sealing. The commands (*.command.ts) are entry points, not exported:
// importing them must not run them.
export * from './checkpoint';
export * from './event-hash';
export * from './merkle';
export * from './problems';
export * from './seal-keys';
export * from './seal-schema';
export * from './sealer';
export * from './verifier';
