export * from './connector-closed-error';
export * from './salesforce-api-error';
export * from './salesforce-call-failure';
export * from './map-salesforce-error';
