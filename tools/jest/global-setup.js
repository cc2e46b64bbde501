/**
 * Jest global setup: builds the `fieldsync` command (apps/cli/dist/fieldsync.js) before any spec
 * runs, so that specs which spawn `bin/fieldsync.js` run the current sources, never a stale build.
 */
const { buildCli } = require('../../apps/cli/scripts/build-cli');

module.exports = async function buildCliForTests() {
  await buildCli({ quiet: true });
};
