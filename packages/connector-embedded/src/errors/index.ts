export * from './connector-closed-error';
export * from './map-store-error';
