export * from './codes';
export * from './division-csv';
export * from './shaoxing.data';
export * from './tree';
