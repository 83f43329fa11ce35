// Each test file gets its own copy of e2e/workspace, so edits made by one file never leak into another.
'use strict';
const fs = require('fs');
const path = require('path');
const { env } = require('./browser');

function freshWorkspace(name) {
  const dir = path.join(env.out, 'ws', name.replace(/[^A-Za-z0-9_.-]/g, '_'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(env.workspace, dir, { recursive: true });
  return dir;
}

module.exports = { freshWorkspace };
