export * from './jwt';
export * from './key-sources';
export * from './keys';
export * from './token-errors';
export * from './token-issuer';
export * from './token-verifier';
