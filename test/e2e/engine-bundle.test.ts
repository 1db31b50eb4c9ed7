/**
 * The built command line runs its engine from lib/bundle/plan-sync.cjs with V8's code cache
 * (sync/engine-loader.ts). The bundle must do exactly what the modules do, the cache must be
 * used when it was made from this bundle, and never when it was made from another.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { runBuiltCli } from '../helpers/built-cli.js';
import { listParts } from '../helpers/parts.js';
import { BUNDLE, CODE_CACHE, compileBundle, sourceHash } from '../../lib/sync/engine-loader.js';

let dir: string;
let plan: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-bundle-'));
  plan = join(dir, 'plan.xlsx');
  expect((await cli(['init', plan, '--example'])).code).toBe(0);
});

describe('the bundled engine', () => {
  it('is what bin/plan-sync.js runs, and its code cache is taken', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    const { engine, script } = compileBundle(source, readFileSync(CODE_CACHE));
    expect(typeof engine.runCommand).toBe('function');
    expect(script.cachedDataRejected).toBe(false);
  });

  it('never hands V8 a cache made from another bundle, even one of the same length', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    // The same length: V8's own check would pass it.
    const other = source.replace('plan-sync', 'plan-sink');
    expect(other.length).toBe(source.length);
    expect(sourceHash(other).equals(sourceHash(source))).toBe(false);
    const { script } = compileBundle(other, readFileSync(CODE_CACHE));
    expect(script.cachedDataRejected).toBeUndefined();
  });

  it('writes the same workbook and says the same as the modules', async () => {
    const args = ['--report-date', '2020-11-13'];
    const fromModules = await cli(['sync', plan, '-o', join(dir, 'a.xlsx'), ...args]);
    const fromBundle = runBuiltCli(['sync', plan, '-o', join(dir, 'b.xlsx'), ...args]);
    expect(fromBundle.code).toBe(fromModules.code);
    expect(fromBundle.stdout.replaceAll('b.xlsx', 'a.xlsx')).toBe(fromModules.stdout);
    const a = listParts(join(dir, 'a.xlsx'));
    expect(a.size).toBeGreaterThan(5);
    expect(listParts(join(dir, 'b.xlsx'))).toEqual(a);
  });

  it('reports a damaged workbook in words, not as a crash', () => {
    const run = runBuiltCli(['validate', BUNDLE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^plan-sync: /);
    expect(run.stderr).not.toMatch(/unexpected|at .*\.cjs/);
  });
});
