#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by esbuild into dist/cli.js (`npm run build`), and is
// loaded with the code cache the build writes beside it (see loadBundle.cjs).
require('./loadBundle.cjs')
  .loadBundle(require('node:path').join(__dirname, '..', 'dist', 'cli.js'))
  .exports.run();
