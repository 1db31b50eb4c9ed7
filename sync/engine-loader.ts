/**
 * Loads the engine (./commands/run.ts and all it imports) from `lib/bundle/plan-sync.cjs`: one
 * CommonJS file made by `npm run build:cli` (scripts/bundle-cli.js), compiled with the code V8
 * cached when it was built. One file, already compiled, takes about a third off a small command's
 * CPU against loading some 150 ES modules. Falls back to the modules themselves where there is no
 * bundle, or one older than them (a `tsc` run on its own, or the tests run from the sources),
 * and when PLAN_SYNC_MODULES is set.
 */

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export type Engine = typeof import('./commands/run.js');

// From lib/sync/ (where this runs when built) to lib/bundle/.
export const BUNDLE = fileURLToPath(new URL('../bundle/plan-sync.cjs', import.meta.url));
export const CODE_CACHE = fileURLToPath(new URL('../bundle/plan-sync.cache', import.meta.url));
const ENTRY = fileURLToPath(new URL('./commands/run.js', import.meta.url));
/** The cache starts with the SHA-256 of the bundle it was made from: V8 checks only the length. */
const HASH_BYTES = 32;

function modified(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

export function sourceHash(source: string): Buffer {
  return createHash('sha256').update(source).digest();
}

/** Compiles the bundle (with `cache` when it was made from this source) and runs its top level. */
export function compileBundle(
  source: string,
  cache: Buffer | undefined,
): { engine: Engine; script: Script } {
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    {
      filename: BUNDLE,
      cachedData: cache?.subarray(0, HASH_BYTES).equals(sourceHash(source))
        ? cache.subarray(HASH_BYTES)
        : undefined,
    },
  );
  const module = { exports: {} as Engine };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    dirname(BUNDLE),
  );
  return { engine: module.exports, script };
}

export async function loadEngine(): Promise<Engine> {
  const bundled = modified(BUNDLE);
  const entry = modified(ENTRY);
  // PLAN_SYNC_MODULES=1: the modules, e.g. for a profile that names each file.
  if (bundled === null || (entry !== null && entry > bundled) || process.env.PLAN_SYNC_MODULES)
    return import('./commands/run.js');
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(CODE_CACHE);
  } catch {
    // No cache: V8 compiles as it goes.
  }
  return compileBundle(readFileSync(BUNDLE, 'utf8'), cache).engine;
}
