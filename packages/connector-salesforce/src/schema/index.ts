export * from './salesforce-describe';
export * from './sobject-mapping';
export * from './map-sobject-describe';
export * from './convert-record';
