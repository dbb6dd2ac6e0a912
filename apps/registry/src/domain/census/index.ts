export * from './campaign-progress';
export * from './census';
export * from './census-stream';
