export * from './dynamics-connector-config';
