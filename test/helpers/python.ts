/**
 * Run Debian's system Python (`/usr/bin/python3`, which has python3-openpyxl) from tests.
 * The `python3` on PATH may be a pyenv build without openpyxl, so the path is fixed.
 */
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export interface RunPythonOptions {
  /** Kill the interpreter after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

interface ExecError extends Error {
  status?: number | null;
  signal?: string | null;
  stdout?: string | Buffer;
  stderr?: string | Buffer;
}

function run(argv: string[], what: string, opts: RunPythonOptions): string {
  try {
    return execFileSync(PYTHON, argv, {
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
    });
  } catch (e) {
    const err = e as ExecError;
    const stderr = String(err.stderr ?? '').trim();
    const stdout = String(err.stdout ?? '').trim();
    const how = err.signal ? `killed by ${err.signal}` : `exit code ${err.status ?? '?'}`;
    throw new Error(
      `${what} failed (${how}): ${err.message.split('\n')[0]}` +
        (stderr ? `\n--- stderr ---\n${stderr}` : '') +
        (stdout ? `\n--- stdout ---\n${stdout.slice(0, 4000)}` : ''),
      { cause: e },
    );
  }
}

/** Run `/usr/bin/python3 -c code ...args` synchronously and return its stdout (UTF-8). Throws with stderr on failure. */
export function runPython(code: string, args: string[] = [], opts: RunPythonOptions = {}): string {
  return run(['-c', code, ...args], 'python -c', opts);
}

/** Run `/usr/bin/python3 scriptPath ...args` synchronously and return its stdout. Throws with stderr on failure. */
export function runPythonScript(
  scriptPath: string,
  args: string[] = [],
  opts: RunPythonOptions = {},
): string {
  return run([scriptPath, ...args], `python ${scriptPath}`, opts);
}

let openpyxlCache: boolean | undefined;

/** True when `/usr/bin/python3` can import openpyxl (cached per process). */
export function hasOpenpyxl(): boolean {
  if (openpyxlCache === undefined) {
    try {
      runPython('import openpyxl', [], { timeoutMs: 30_000 });
      openpyxlCache = true;
    } catch {
      openpyxlCache = false;
    }
  }
  return openpyxlCache;
}
