#!/usr/bin/env node
'use strict';
// The `fieldsync` command. `npm ci` builds it to dist/fieldsync.js (apps/cli/scripts/build-cli.js,
// docs/decisions/148), which starts without compiling TypeScript. Without a build, or with
// FIELDSYNC_FROM_SOURCE=1, it runs the TypeScript sources through tsx's CommonJS loader.
const { existsSync } = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'fieldsync.js');
if (process.env.FIELDSYNC_FROM_SOURCE !== '1' && existsSync(built)) {
  // Stack traces of unexpected errors name the TypeScript sources, through the build's source map.
  process.setSourceMapsEnabled(true);
  require(built);
} else {
  require('tsx/cjs/api').register();
  require('../src/main.ts');
}
