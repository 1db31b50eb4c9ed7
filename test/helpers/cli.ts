/** Runs the plan-sync command line in-process and captures what it prints. */

import { dayFromYMD } from '../../core/dates.js';
import { main } from '../../sync/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], today = dayFromYMD(2020, 11, 13)!): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    color: false,
    today,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export interface JsonFinding {
  severity: 'error' | 'warning' | 'info';
  rule: string;
  sheet: string;
  cell: string;
  message: string;
  row?: number;
}

export function findingsOf(run: CliRun): JsonFinding[] {
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}
