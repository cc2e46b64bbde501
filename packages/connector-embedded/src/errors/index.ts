export * from './connector-closed-error';
export * from './invalid-anchor-error';
export * from './map-store-error';
