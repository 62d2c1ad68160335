#!/usr/bin/env node
// `npx blindfold <command>`: the command-line face over core. Runs the TypeScript sources through
// tsx, so it works right after `npm install` without a build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`blindfold needs Node.js 22 or newer (this is ${process.version}). See README.md, "Node".\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../electron/cli/main');
process.exitCode = await main(process.argv.slice(2));
