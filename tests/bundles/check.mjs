#!/usr/bin/env node
// `npm test` runs this right after the build: every bundle that ships must at least parse, so a
// bundler-made fault (electron-vite#921's second `require`, say) fails here in a second with the
// file and line, before any test. The e2e suite then imports and starts out/main/index.js under
// the electron stand-in (tests/e2e/shell.spec.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const problems = [];

function bundles(folder, pattern) {
  const dir = path.join(root, folder);
  if (!existsSync(dir)) {
    problems.push(`${folder} does not exist: run \`npm run build\` first`);
    return [];
  }
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => path.join(dir, f));
}

const main = bundles('out/main', /\.(m?js|cjs)$/);
const preload = bundles('out/preload', /\.(m?js|cjs)$/);
if (main.length === 0) problems.push('out/main holds no bundle');
// A sandboxed preload is one CommonJS file: Electron cannot load an ES module or a second chunk there.
if (preload.length !== 1 || !preload[0].endsWith('.cjs')) problems.push(`out/preload must hold exactly one .cjs file, not ${JSON.stringify(preload.map((p) => path.relative(root, p)))}`);

for (const file of [...main, ...preload]) {
  try {
    execFileSync(process.execPath, ['--check', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    problems.push(`${path.relative(root, file)} does not parse:\n${String(error.stderr ?? error.message).trim()}`);
  }
}

for (const file of preload) {
  const text = readFileSync(file, 'utf8');
  const required = [...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
  const allowed = new Set(['electron', 'events', 'timers', 'url']);
  const refused = required.filter((name) => !allowed.has(name));
  if (refused.length > 0) problems.push(`${path.relative(root, file)} requires ${refused.join(', ')}: a sandboxed preload has only ${[...allowed].join(', ')}`);
  if (/^\s*(import|export)\s/m.test(text)) problems.push(`${path.relative(root, file)} has ES module syntax: a sandboxed preload must be CommonJS`);
}

if (problems.length > 0) {
  console.error(`The built bundles cannot ship:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`bundles: ${main.length} main and ${preload.length} preload bundle(s) parse`);
