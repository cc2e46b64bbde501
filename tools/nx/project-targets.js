/**
 * Nx plugin: gives every workspace project (a folder with a package.json under packages/, apps/ or
 * tools/) the same real targets, so that `nx run <project>:test`, `nx affected -t test lint` and the
 * cache work without a project.json per project.
 *
 * - `test`: jest over the project's folder, with the root jest configuration (one SWC transform).
 * - `lint`: eslint over the project's folder, with the root flat configuration.
 * - npm scripts in a project's package.json (tools/bench's `bench`) are targets too: Nx infers them.
 *
 * The root `npm test` still runs one jest over everything: that is the verdict CI gives.
 */
const { dirname } = require('node:path');

/** Environment variables that change what a test run proves, so they are part of its cache key. */
const TEST_ENV_INPUTS = [{ env: 'CI' }, { env: 'FIELDSYNC_TEST_DATABASE_URL' }];

function targetsFor(projectRoot) {
  const targets = {
    test: {
      command: `jest --passWithNoTests ${projectRoot}/`,
      options: { cwd: '{workspaceRoot}' },
      cache: true,
      inputs: ['default', '^default', '{workspaceRoot}/jest.config.js', ...TEST_ENV_INPUTS],
      outputs: [],
    },
    lint: {
      command: `eslint ${projectRoot}`,
      options: { cwd: '{workspaceRoot}' },
      cache: true,
      inputs: ['default', '{workspaceRoot}/eslint.config.js'],
      outputs: [],
    },
  };
  return targets;
}

function createNodesForPackageJson(file) {
  const projectRoot = dirname(file);
  if (projectRoot === '.' || !/^(packages|apps|tools)\//.test(projectRoot)) return {};
  return { projects: { [projectRoot]: { targets: targetsFor(projectRoot) } } };
}

/** The plugin's entry, in the shape Nx 21+ loads (`createNodes` with the files-at-once signature). */
const createNodes = [
  '{packages,apps,tools}/**/package.json',
  async (files, options, context) => {
    const { createNodesFromFiles } = require('@nx/devkit');
    return createNodesFromFiles(createNodesForPackageJson, files, options, context);
  },
];

module.exports = { createNodes, createNodesV2: createNodes };
