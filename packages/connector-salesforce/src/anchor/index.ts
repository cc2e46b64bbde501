export * from './salesforce-anchor';
