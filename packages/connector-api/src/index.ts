/**
 * @fieldsync/connector-api: the contract between the sync engine and a CRM backend.
 */
export * from './errors';
export * from './connector-capabilities';
export * from './session';
export * from './read-requests';
export * from './write-batch';
export * from './permissions';
export * from './attachments';
export * from './device-channel';
export * from './crm-connector';
export * from './anchor/anchor-json';
export * from './retry';
