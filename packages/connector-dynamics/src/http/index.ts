export * from './dynamics-http-client';
