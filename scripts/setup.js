/**
 * Setting up a fresh clone, shared by `npm test` (scripts/ensure-test-deps.js), `npm run demo`
 * and .ci/run: the Node version, the npm packages (npm ci when node_modules is missing or does not
 * match package-lock.json), the built command line (lib/), and the Debian packages the tests read
 * results back with. Plain Node, no npm packages: it runs before they are installed.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Stop with a one-line reason (and what to do). */
export function fail(message) {
  console.error(message);
  process.exit(1);
}

const parse = (v) => v.replace(/^v/, '').split('.').map(Number);

/** `version` satisfies a range made of `^a.b.c` and `>=a[.b.c]` alternatives joined by `||`. */
export function satisfies(version, range) {
  const [major, minor, patch] = parse(version);
  const atLeast = (want) => {
    for (let i = 0; i < 3; i++) {
      const w = want[i] ?? 0;
      const have = [major, minor, patch][i];
      if (have !== w) return have > w;
    }
    return true;
  };
  return range.split('||').some((alt) => {
    const a = alt.trim();
    if (a.startsWith('^')) {
      const want = parse(a.slice(1));
      return major === want[0] && atLeast(want);
    }
    if (a.startsWith('>=')) return atLeast(parse(a.slice(2)));
    throw new Error(`scripts/setup.js cannot read the engines range "${a}"`);
  });
}

export function packageJson() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/** The Node running this is one package.json's `engines` allows. */
export function checkNode() {
  const range = packageJson().engines.node;
  if (!satisfies(process.versions.node, range)) {
    fail(
      `plan-sync needs Node ${range}; this is Node ${process.versions.node}. Install a supported Node (https://nodejs.org) and try again.`,
    );
  }
}

/**
 * Why node_modules does not match package-lock.json (null when it does): npm records what it
 * installed in node_modules/.package-lock.json.
 */
export function npmDepsProblem(root = ROOT) {
  const installedFile = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installedFile)) return 'node_modules is missing';
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
  const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages;
  for (const [path, pkg] of Object.entries(wanted)) {
    if (!path || pkg.optional) continue; // the root; optional ones are platform-specific
    if (installed[path]?.version !== pkg.version)
      return `node_modules does not match package-lock.json (${path.replace(/^node_modules\//, '')})`;
  }
  for (const [path, pkg] of Object.entries(installed)) {
    if (wanted[path]?.version !== pkg.version)
      return `node_modules has ${path.replace(/^node_modules\//, '')}, which package-lock.json does not`;
  }
  return null;
}

/** Run npm with `args` in the repository, as the npm running us if there is one. */
export function npm(args) {
  const cli = process.env.npm_execpath;
  const [cmd, argv] =
    cli && cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : ['npm', args];
  const result = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) fail(`Could not run npm ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`npm ${args.join(' ')} failed (exit code ${result.status}).`);
}

/** npm ci when node_modules is missing or stale. */
export function ensureNpmDeps() {
  const problem = npmDepsProblem();
  if (!problem) return;
  console.log(`${problem}: running npm ci`);
  npm(['ci', '--no-audit', '--no-fund']);
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** npm run build:cli when lib/ is missing or older than core/ and sync/. */
export function ensureBuilt() {
  // The bundle is the last thing `build:cli` writes.
  const built = join(ROOT, 'lib', 'bundle', 'plan-sync.cjs');
  const sources = Math.max(newest(join(ROOT, 'core')), newest(join(ROOT, 'sync')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log(
    existsSync(built) ? 'lib/ is older than the sources: building' : 'lib/ is missing: building',
  );
  npm(['run', 'build:cli', '--silent']);
}

export function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

const PYTHON = '/usr/bin/python3';

/** Which of these modules Debian's Python cannot import. */
function missingPythonModules(modules) {
  if (!existsSync(PYTHON)) return modules;
  const code = `import importlib.util as u; print(' '.join(m for m in ${JSON.stringify(modules)} if u.find_spec(m) is None))`;
  const result = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(/\s+/).filter(Boolean) : modules;
}

/** The independent readers and tools the tests need: Debian package, what for, present? */
export function testReaders() {
  const python = missingPythonModules(['openpyxl', 'xlsxwriter']);
  return [
    {
      pkg: 'python3-openpyxl',
      what: 'openpyxl, which reads our workbooks back',
      ok: !python.includes('openpyxl'),
    },
    {
      pkg: 'python3-xlsxwriter',
      what: 'XlsxWriter, which builds the fidelity workbooks',
      ok: !python.includes('xlsxwriter'),
    },
    {
      pkg: 'libreoffice-calc',
      what: 'LibreOffice, which opens, converts and renders our workbooks',
      ok: onPath('soffice'),
    },
    {
      pkg: 'chromium',
      what: 'Chromium, which runs the task pane',
      ok: existsSync('/usr/bin/chromium'),
    },
    {
      pkg: 'poppler-utils',
      what: 'pdftotext and pdftoppm, which read rendered pages',
      ok: onPath('pdftotext'),
    },
    {
      pkg: 'libreoffice-impress',
      what: 'LibreOffice Impress, which opens the exported slide decks',
      ok: existsSync('/usr/lib/libreoffice/program/libsdlo.so'),
    },
  ];
}

/**
 * What to do about the readers in `found` (a list like testReaders()): nothing, install the
 * missing ones with apt-get (as root on Debian), or stop and say what to run (`message`).
 */
export function debianPlan(found, purpose, { isRoot, hasAptGet }) {
  const missing = found.filter((r) => !r.ok).map((r) => r.pkg);
  if (missing.length === 0) return { action: 'none', packages: [] };
  const why = found
    .filter((r) => !r.ok)
    .map((r) => `${r.pkg} (${r.what})`)
    .join(', ');
  if (!hasAptGet) {
    return {
      action: 'stop',
      packages: missing,
      message: `${purpose} needs ${why}, and this system has no apt-get: install the equivalents (see "Development" in README.md) and try again.`,
    };
  }
  if (!isRoot) {
    return {
      action: 'stop',
      packages: missing,
      message: `${purpose} needs ${why}. Install them with:\n  sudo apt-get install --no-install-recommends ${missing.join(' ')}\nthen try again.`,
    };
  }
  return { action: 'install', packages: missing };
}

/** Carry out debianPlan() for the readers `check()` returns. */
export function ensureDebianPackages(check, purpose) {
  const plan = debianPlan(check(), purpose, {
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: onPath('apt-get'),
  });
  if (plan.action === 'none') return;
  if (plan.action === 'stop') fail(plan.message);
  console.log(`Installing ${plan.packages.join(' ')} for ${purpose} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) fail(`apt-get ${args.join(' ')} failed (exit code ${result.status}).`);
  }
  const still = check().filter((r) => !r.ok);
  if (still.length > 0)
    fail(`${still.map((r) => r.pkg).join(' ')} still missing after apt-get install.`);
}
