/**
 * @fieldsync/cli: the `fieldsync` command (`crm seed`, `crm stats`, `start`, `device ...`), runnable
 * in-process through {@link runCli}.
 */
export { type CapturedIo, captureIo } from './cli/capture-io';
export { type CliIo, processIo } from './cli/cli-io';
export type { CommandContext } from './cli/command-context';
export { EXIT_EXPECTED_ERROR, EXIT_UNEXPECTED_ERROR, createProgram, runCli } from './cli/run-cli';
export { type SeedCrmDatabaseOptions, seedCrmDatabase } from './commands/seed-crm-database';
export { readDeviceEntity } from './device/device-schema';
export { parseFieldAssignments } from './device/field-assignments';
export { formatFieldValue } from './device/format-field-value';
export { type SyncSummary, type SyncSummaryEntity, printSyncSummary, summarizeSync } from './device/sync-summary';
export { DatabaseExistsError, DatabaseNotFoundError, DemoRefusedError, InvalidOptionError, PasswordRequiredError } from './errors/cli-errors';
export { CustomizationFileError, InvalidFieldValueError, NotLoggedInError, SyncFailedError } from './errors/device-errors';
export { Printer, type TableCell, formatNumber } from './output/printer';
export { type ProgressReporter, createProgressReporter } from './output/progress-reporter';
