export * from './embedded-transport';
