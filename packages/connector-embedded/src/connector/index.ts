export * from './embedded-connector-config';
export * from './embedded-connector';
export * from './create-embedded-connector';
