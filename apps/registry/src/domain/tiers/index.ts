export * from './eligibility';
export * from './policy-table';
export * from './zhejiang-defaults';
