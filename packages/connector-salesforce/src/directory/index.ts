export * from './salesforce-directory';
