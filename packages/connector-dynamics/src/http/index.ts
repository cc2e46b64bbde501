export * from './dynamics-http-client';
export * from './dynamics-transport';
