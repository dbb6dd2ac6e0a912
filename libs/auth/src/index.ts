export * from './jurisdiction';
export * from './nest';
export * from './passwords';
export * from './principal';
export * from './roles';
export * from './tokens';
