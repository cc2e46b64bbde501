/**
 * Lint: TypeScript rules plus Nx module boundaries, which keep the arrows pointing one way:
 * apps -> engine / connectors -> contract -> model.
 */
const nx = require('@nx/eslint-plugin');

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tools/jest/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:model', 'type:infra'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract'] },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:store'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:core'] },
            { sourceTag: 'type:connector', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:contract', 'type:store', 'type:core', 'type:connector', 'type:api', 'type:server', 'type:emulator', 'type:testing'] },
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
    // Specs are boundary-checked like the code beside them (decision 131): a spec that needs parts from
    // both sides of a boundary lives in @fieldsync/test-beds, an app or a tool.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
