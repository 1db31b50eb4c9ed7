/**
 * Runs the built command line (`bin/plan-sync.js` on `lib/`, as a user runs it) in its own
 * process, optionally as another user. `npm test` builds `lib/` first (pretest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './cli.js';

export const BIN = fileURLToPath(new URL('../../bin/plan-sync.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../lib/sync/cli.js', import.meta.url));

export interface BuiltCliOptions {
  /** Run as this user and group (the tests run as root). */
  uid?: number;
  gid?: number;
}

export function runBuiltCli(args: string[], opts: BuiltCliOptions = {}): CliRun {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run "npm run build:cli" first.`);
  const res = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    uid: opts.uid,
    gid: opts.gid,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (res.error) throw res.error;
  return {
    code: res.status ?? -1,
    stdout: res.stdout.trimEnd(),
    stderr: res.stderr.trimEnd(),
  };
}
