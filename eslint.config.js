/**
 * Lint: TypeScript rules plus Nx module boundaries, which keep the arrows pointing one way:
 * apps -> server / engine / connectors -> contract -> model, checked by scope and by type (decision 132).
 */
const nx = require('@nx/eslint-plugin');
const prettier = require('eslint-config-prettier/flat');

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tools/jest/**', '**/*.js', 'apps/admin-console/src/gql/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The CLI requires command implementations when a command runs (decision 148) and shares small
          // constants statically; nothing is code-split, so a package may be loaded both ways.
          checkDynamicDependenciesExceptions: ['@fieldsync/*'],
          // Two dimensions (decision 132): a project's scope says where it runs, its type what layer it is;
          // an import must be allowed by the constraint of each of the importer's tags.
          depConstraints: [
            // Scope: device code never reaches the server or the reference CRM, and the CRM never the bridge.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:device', onlyDependOnLibsWithTags: ['scope:shared', 'scope:device'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:crm'] },
            { sourceTag: 'scope:crm', onlyDependOnLibsWithTags: ['scope:shared', 'scope:crm'] },
            { sourceTag: 'scope:all', onlyDependOnLibsWithTags: ['*'] },
            // Type: the layers. `crm` is the reference CRM (crm-store, demo-org); `store` the bridge's own state.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra'] },
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:model', 'type:infra'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract'] },
            { sourceTag: 'type:crm', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:crm'] },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:store'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:core'] },
            { sourceTag: 'type:connector', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:crm'] },
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store'] },
            {
              sourceTag: 'type:server',
              onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:crm', 'type:store', 'type:connector', 'type:api'],
            },
            // An emulator may use the parts emulators share (the Azure AD token endpoint).
            { sourceTag: 'type:emulator', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:crm', 'type:emulator'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:model',
                'type:infra',
                'type:contract',
                'type:crm',
                'type:store',
                'type:core',
                'type:connector',
                'type:api',
                'type:server',
                'type:emulator',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:model',
                'type:infra',
                'type:contract',
                'type:crm',
                'type:store',
                'type:core',
                'type:connector',
                'type:api',
                'type:server',
                'type:emulator',
              ],
            },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // An entry names its public exports (decision 134).
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name the exports (decision 134): export { a, type B } from "./file".' }],
    },
  },
  {
    // A command loads its implementation with require() when it runs, so that `fieldsync` starts without
    // loading every command's dependencies (decision 148). require(), not import(): tsx, which runs the
    // sources, hands import() to Node's ES module loader, which sees no named exports of a TypeScript file.
    files: ['apps/cli/src/commands/*-command.ts', 'apps/cli/src/commands/run-bridge.ts', 'packages/bridge-store/src/open-bridge-store.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Specs are boundary-checked like the code beside them (decision 131): a spec that needs parts from
    // both sides of a boundary lives in @fieldsync/test-beds, an app or a tool.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Layout is prettier's (decision 149): no lint rule argues with it.
  prettier,
];
