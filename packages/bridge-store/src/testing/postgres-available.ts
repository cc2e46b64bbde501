import { findPostgresBinaries } from './find-postgres-binaries';

/** The variable naming an existing PostgreSQL server for tests to use instead of starting one. */
export const TEST_DATABASE_URL_VARIABLE = 'FIELDSYNC_TEST_DATABASE_URL';

/**
 * True when {@link startTestPostgres} can give a server: `FIELDSYNC_TEST_DATABASE_URL` is set or the
 * PostgreSQL server programs are installed. Outside CI a test may skip PostgreSQL when false.
 */
export function postgresAvailable(): boolean {
  return Boolean(process.env[TEST_DATABASE_URL_VARIABLE]) || findPostgresBinaries() !== undefined;
}
