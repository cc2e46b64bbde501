/** Root jest configuration: one run over every project, transformed by SWC. */
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: pathsToModuleNameMapper(),
  roots: ['<rootDir>/packages', '<rootDir>/apps', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // jose ships ES modules only; SWC turns them into CommonJS for jest (Node itself loads them natively).
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Specs that spawn bin/fieldsync.js run the build; make it from the current sources first.
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  testTimeout: 60000,
};
