export * from './embedded-anchor';
