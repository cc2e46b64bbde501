export * from './dynamics-anchor';
