/**
 * Writes the bridge's GraphQL schema (the device and admin type definitions of @fieldsync/device-api)
 * to `schema.graphql` beside package.json, for graphql-codegen to type the console's operations.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, printSchema } from 'graphql';
// A build script, not the app: it reads the API's schema, which the browser app never loads.
import { adminCustomizationEditorTypeDefs, adminTypeDefs, deviceTypeDefs } from '@fieldsync/device-api';

writeFileSync(
  path.join(__dirname, '..', 'schema.graphql'),
  `${printSchema(buildSchema(`${deviceTypeDefs}\n${adminTypeDefs}\n${adminCustomizationEditorTypeDefs}`))}\n`,
);
