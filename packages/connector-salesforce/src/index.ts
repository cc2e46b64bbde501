/**
 * @fieldsync/connector-salesforce: a CrmConnector over the Salesforce REST API with jsforce 3.
 * Start with {@link createSalesforceConnector}.
 */
export * from './config';
export * from './connector';
export * from './anchor';
export * from './errors';
export * from './schema';
export * from './auth';
export * from './directory';
