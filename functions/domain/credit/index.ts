export * from './balances';
export * from './customers';
export * from './exposure';
export * from './history';
export * from './import';
export * from './risk';
export * from './segments';
export * from './settings';
