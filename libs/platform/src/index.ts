export * from './bootstrap';
export * from './config/service-environment';
export * from './http';
export * from './infrastructure/kafka';
export * from './infrastructure/postgres';
export * from './platform.module';
export * from './services';
export * from './config/dev-secret';
