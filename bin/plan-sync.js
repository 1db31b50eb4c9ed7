#!/usr/bin/env node
let main;
try {
  ({ main } = await import('../lib/sync/cli.js'));
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  // A clone where `npm ci` never ran (or `npm install -g .` from one): say what to do.
  const root = decodeURIComponent(new URL('..', import.meta.url).pathname);
  process.stderr.write(
    `plan-sync: not built yet in ${root}. Run "npm ci" in that folder, then try again.\n`,
  );
  process.exit(2);
}

const io = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
process.exitCode = await main(process.argv.slice(2), io);
