#!/usr/bin/env node
'use strict';
// Runs one TypeScript file with the workspace's TypeScript loading: `node apps/cli/bin/run-ts.js <file.ts> [args...]`.
// The script sees its own arguments from process.argv[2] on, as if it had been run directly.
const path = require('node:path');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: run-ts.js <file.ts> [args...]\n');
  process.exit(2);
}
require('tsx/cjs/api').register();
process.argv.splice(1, 1);
require(path.resolve(file));
