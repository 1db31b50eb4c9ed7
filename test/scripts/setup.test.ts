/**
 * What a fresh clone relies on: package.json's Node engines are true for every installed package,
 * scripts/setup.js reads that range as npm does and knows when node_modules is stale, and the
 * demo leaves every tracked file as it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { debianPlan, npmDepsProblem, satisfies, testReaders } from '../../scripts/setup.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const ENGINES: string = pkg.engines.node;

describe('the Node engines in package.json', () => {
  it('are supported by every package in package-lock.json (npm ci warns EBADENGINE otherwise)', () => {
    const narrower: string[] = [];
    for (const [path, p] of Object.entries<{ version: string; engines?: { node?: string } }>(
      lock.packages,
    )) {
      const wants = p.engines?.node;
      if (!path || !wants) continue;
      if (!semver.subset(ENGINES, wants))
        narrower.push(`${path.replace(/^.*node_modules\//, '')}@${p.version} needs ${wants}`);
    }
    expect(narrower).toEqual([]);
  });

  it('are what package-lock.json records for the project', () => {
    expect(lock.packages[''].engines.node).toBe(ENGINES);
  });

  it('are read by scripts/setup.js as npm reads them', () => {
    for (const v of [
      '18.20.0',
      '20.0.0',
      '20.18.3',
      '20.19.0',
      '20.20.2',
      '21.7.0',
      '22.12.0',
      '22.13.0',
      '22.15.1',
      '23.11.0',
      '24.0.0',
      '25.2.1',
    ]) {
      expect(satisfies(v, ENGINES), v).toBe(semver.satisfies(v, ENGINES));
    }
    expect(satisfies(process.versions.node, ENGINES)).toBe(true);
  });
});

describe('npmDepsProblem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-sync-setup-'));
  const write = (packages: Record<string, { version: string }>) => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ packages }));
  };
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({
      packages: {
        '': { name: 'x' },
        'node_modules/a': { version: '1.0.0' },
        'node_modules/b': { version: '2.0.0', dev: true },
        'node_modules/c-linux': { version: '3.0.0', optional: true },
      },
    }),
  );

  it('says when node_modules is missing, stale or has extra packages', () => {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    expect(npmDepsProblem(dir)).toBe('node_modules is missing');
    write({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } });
    expect(npmDepsProblem(dir)).toBeNull();
    write({ 'node_modules/a': { version: '1.0.1' }, 'node_modules/b': { version: '2.0.0' } });
    expect(npmDepsProblem(dir)).toBe('node_modules does not match package-lock.json (a)');
    write({ 'node_modules/a': { version: '1.0.0' } });
    expect(npmDepsProblem(dir)).toBe('node_modules does not match package-lock.json (b)');
    write({
      'node_modules/a': { version: '1.0.0' },
      'node_modules/b': { version: '2.0.0' },
      'node_modules/old': { version: '0.1.0' },
    });
    expect(npmDepsProblem(dir)).toBe('node_modules has old, which package-lock.json does not');
  });

  it('finds this checkout’s node_modules up to date (npm test just checked it)', () => {
    expect(npmDepsProblem()).toBeNull();
  });
});

describe('npm run demo', () => {
  it('writes its result to an ignored folder, says where, and leaves every tracked file as it was', () => {
    // A copy of the repository (its own git, our node_modules and lib) so the test does not touch
    // the checkout it runs in.
    const copy = mkdtempSync(join(tmpdir(), 'plan-sync-demo-'));
    const files = (...args: string[]) =>
      execFileSync('git', ['ls-files', '-z', ...args], { cwd: ROOT, encoding: 'utf8' })
        .split('\0')
        .filter(Boolean);
    const tracked = files();
    for (const file of files('--cached', '--others', '--exclude-standard'))
      cpSync(join(ROOT, file), join(copy, file), { recursive: true, preserveTimestamps: true });
    cpSync(join(ROOT, 'lib'), join(copy, 'lib'), { recursive: true, preserveTimestamps: true });
    execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(copy, 'node_modules')]);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        cwd: copy,
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '-A');
    git('add', '-f', '--', ...tracked); // tracked here even where .gitignore says otherwise
    git('commit', '-q', '-m', 'copy');

    const run = spawnSync(process.execPath, ['scripts/demo.js'], { cwd: copy, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Result: demo\/sample-plan\.xlsx/);
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git('status', '--porcelain', '--ignored', 'demo')).toMatch(/^!! demo\/$/m);
    expect(git('ls-files', 'demo')).toBe('');
  });
});

describe('bin/plan-sync.js', () => {
  it('says to run npm ci, in one line and with exit 2, when the clone is not built', () => {
    const copy = mkdtempSync(join(tmpdir(), 'plan-sync-bin-'));
    mkdirSync(join(copy, 'bin'));
    cpSync(join(ROOT, 'bin', 'plan-sync.js'), join(copy, 'bin', 'plan-sync.js'));
    writeFileSync(join(copy, 'package.json'), '{"type":"module"}');
    const run = spawnSync(process.execPath, [join(copy, 'bin', 'plan-sync.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `plan-sync: not built yet in ${copy}/. Run "npm ci" in that folder, then try again.\n`,
    );
  });

  it('runs the built command line', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'plan-sync.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/plan-sync/);
  });
});

describe('debianPlan', () => {
  const found = [
    { pkg: 'python3-openpyxl', what: 'openpyxl, which reads our workbooks back', ok: true },
    {
      pkg: 'python3-xlsxwriter',
      what: 'XlsxWriter, which builds the fidelity workbooks',
      ok: false,
    },
    { pkg: 'poppler-utils', what: 'pdftotext and pdftoppm, which read rendered pages', ok: false },
  ];

  it('does nothing when every reader is there', () => {
    const all = found.map((r) => ({ ...r, ok: true }));
    expect(debianPlan(all, 'npm test', { isRoot: false, hasAptGet: false })).toEqual({
      action: 'none',
      packages: [],
    });
  });

  it('installs the missing ones as root', () => {
    expect(debianPlan(found, 'npm test', { isRoot: true, hasAptGet: true })).toEqual({
      action: 'install',
      packages: ['python3-xlsxwriter', 'poppler-utils'],
    });
  });

  it('otherwise prints the exact apt-get command', () => {
    expect(debianPlan(found, 'npm test', { isRoot: false, hasAptGet: true })).toEqual({
      action: 'stop',
      packages: ['python3-xlsxwriter', 'poppler-utils'],
      message:
        'npm test needs python3-xlsxwriter (XlsxWriter, which builds the fidelity workbooks), poppler-utils (pdftotext and pdftoppm, which read rendered pages). Install them with:\n  sudo apt-get install --no-install-recommends python3-xlsxwriter poppler-utils\nthen try again.',
    });
  });

  it('says what is needed where there is no apt-get', () => {
    const plan = debianPlan(found, 'npm test', { isRoot: true, hasAptGet: false });
    expect(plan.action).toBe('stop');
    expect(plan.message).toMatch(/^npm test needs python3-xlsxwriter .*this system has no apt-get/);
  });

  it('knows every reader the tests use is installed here', () => {
    expect(testReaders().filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
  });
});
