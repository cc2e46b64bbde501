/**
 * Lint: TypeScript rules plus Nx module boundaries, which keep the arrows pointing one way:
 * apps -> engine / connectors -> contract -> model.
 */
const nx = require('@nx/eslint-plugin');

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
          depConstraints: [
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:model', 'type:infra'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract'] },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:store'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:core'] },
            { sourceTag: 'type:connector', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:testing'] },
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store'] },
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store', 'type:connector', 'type:api'] },
            { sourceTag: 'type:emulator', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store', 'type:core', 'type:connector', 'type:server', 'type:emulator'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // A command loads its implementation with require() when it runs, so that `fieldsync` starts without
    // loading every command's dependencies (decision 148). require(), not import(): tsx, which runs the
    // sources, hands import() to Node's ES module loader, which sees no named exports of a TypeScript file.
    files: ['apps/cli/src/commands/*-command.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
