/**
 * @fieldsync/cli: the `fieldsync` command (`crm seed`, `crm stats`, `start`, `device ...`), runnable
 * in-process through {@link runCli}.
 */
export * from './cli/cli-io';
export * from './cli/capture-io';
export * from './cli/command-context';
export * from './cli/run-cli';
export * from './errors/cli-errors';
export * from './errors/device-errors';
export * from './output/printer';
export * from './output/progress-reporter';
export * from './commands/seed-crm-database';
export * from './device/device-schema';
export * from './device/field-assignments';
export * from './device/format-field-value';
export * from './device/sync-summary';
