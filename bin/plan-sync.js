#!/usr/bin/env node
import { main } from '../lib/sync/cli.js';

const io = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
process.exitCode = await main(process.argv.slice(2), io);
