#!/usr/bin/env node
'use strict';
// The `fieldsync` command. Workspace packages are TypeScript sources (docs/decisions/001), so
// register tsx's CommonJS loader before loading the entry point.
require('tsx/cjs/api').register();
require('../src/main.ts');
