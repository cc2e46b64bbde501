export * from './dynamics-directory';
