import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types every `graphql(...)` operation under src/ from the bridge's schema (schema.graphql, written by
 * scripts/write-schema.ts): a schema change fails the typecheck instead of a page.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.tsx', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true, scalars: { JSON: 'unknown' } },
    },
  },
};

export default config;
