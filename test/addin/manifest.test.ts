/**
 * manifest.xml, checked offline on every `npm test` (read with Python's XML parser): the structure
 * the Office schemas and Excel require, ids, versions, hosts, requirement sets, and that every URL
 * is the add-in's own and every icon exists at its declared size. The built manifest (dist/) gets
 * the same checks in pane.browser.test.ts. Microsoft's online validator: `npm run validate`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_API } from '../../addin/commands.js';
import { manifestProblems, pngSize, readManifest, requirementSets } from '../helpers/manifest.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MANIFEST = join(ROOT, 'manifest.xml');
const DEV = 'https://localhost:3000/';
/** What the dev server serves at a path: the pane's page comes from its webpack template. */
const devFile = (path: string) =>
  join(ROOT, path === 'taskpane.html' ? 'addin/taskpane.html' : path);

describe('manifest.xml', () => {
  const manifest = readManifest(MANIFEST);

  it('has the structure, ids and lengths Office requires, with every URL and icon in place', () => {
    expect(manifestProblems(manifest, DEV, devFile)).toEqual([]);
  });

  it('is a task pane add-in for Excel workbooks that asks for what the pane checks at run time', () => {
    expect(manifest).toMatchObject({ rootTag: 'OfficeApp', rootType: 'TaskPaneApp' });
    expect(manifest.values).toMatchObject({
      Id: '8479b5ac-c369-4bbc-acfd-392b8fc3ce06',
      Version: '1.0.0.0',
      ProviderName: 'plan-sync',
      DefaultLocale: 'en-GB',
      Permissions: 'ReadWriteDocument',
    });
    expect(requirementSets(manifest)).toEqual({ ExcelApi: REQUIRED_API });
    const source = manifest.elements.find(
      (e) => e.tag === 'SourceLocation' && e.parent === 'DefaultSettings',
    );
    expect(source?.attrs.DefaultValue).toBe(`${DEV}taskpane.html`);
    const button = manifest.elements.find((e) => e.tag === 'Action');
    expect(button?.attrs['xsi:type']).toBe('ShowTaskpane');
  });

  it('points at icons that are the sizes Office asks for', () => {
    for (const size of [16, 32, 64, 80]) {
      expect(pngSize(join(ROOT, 'assets', `icon-${size}.png`))).toEqual([size, size]);
    }
  });
});

describe('the manifest checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-sync-manifest-'));
  const original = readFileSync(MANIFEST, 'utf8');
  let n = 0;
  /** The problems found in manifest.xml after `edit`. */
  function problemsAfter(edit: (xml: string) => string): string[] {
    const file = join(dir, `m${n++}.xml`);
    const edited = edit(original);
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    return manifestProblems(readManifest(file), DEV, devFile);
  }

  it.each<[string, (xml: string) => string, RegExp]>([
    [
      'a bad GUID',
      (x) => x.replace('<Id>8479b5ac', '<Id>zz79b5ac'),
      /^Id "zz79b5ac.*" is not a GUID$/,
    ],
    ['a bad version', (x) => x.replace('<Version>1.0.0.0<', '<Version>1.0.0.0.0<'), /^Version/],
    [
      'elements out of order',
      (x) =>
        x.replace(/(<Version>[^<]*<\/Version>)\s*(<ProviderName>[^<]*<\/ProviderName>)/, '$2$1'),
      /^<Version> is out of order/,
    ],
    [
      'a missing Permissions',
      (x) => x.replace(/<Permissions>[^<]*<\/Permissions>/, ''),
      /^<Permissions> is missing$/,
    ],
    [
      'another host',
      (x) => x.replace('<Host Name="Workbook"/>', '<Host Name="Document"/>'),
      /^Hosts are \[Document\]/,
    ],
    [
      'an http URL',
      (x) =>
        x.replace(
          'https://localhost:3000/taskpane.html"/>\n  <AppDomains>',
          'http://localhost:3000/taskpane.html"/>\n  <AppDomains>',
        ),
      /^SupportUrl http:.* is not https$/,
    ],
    [
      'a URL on another site',
      (x) => x.replace('<AppDomain>https://localhost:3000<', '<AppDomain>https://example.com<'),
      /^AppDomain "https:\/\/example.com" is not the add-in's origin/,
    ],
    [
      'a missing icon',
      (x) => x.replace('assets/icon-80.png', 'assets/icon-81.png'),
      /^bt:Image .*icon-81.png: the add-in has no .*assets\/icon-81.png$/,
    ],
    [
      'an icon of the wrong size',
      (x) =>
        x.replace(
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"',
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-16.png"',
        ),
      /^IconUrl .*icon-16.png is 16x16, not 32x32$/,
    ],
    [
      'a resid that names nothing',
      (x) =>
        x.replace('<Label resid="PlanSync.Group.Label"/>', '<Label resid="PlanSync.Group.Nope"/>'),
      /^<Label resid="PlanSync.Group.Nope"> names no resource$/,
    ],
    [
      'a resid of the wrong kind',
      (x) =>
        x.replace(
          '<SourceLocation resid="Taskpane.Url"/>',
          '<SourceLocation resid="GetStarted.Title"/>',
        ),
      /should name one of Urls, not ShortStrings$/,
    ],
    [
      'a string too long',
      (x) => x.replace('DefaultValue="Plan sync"', `DefaultValue="${'x'.repeat(126)}"`),
      /must be 1 to 125 characters$/,
    ],
  ])('find %s', (_what, edit, expected) => {
    const problems = problemsAfter(edit);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('refuse XML that is not well formed', () => {
    const file = join(dir, 'broken.xml');
    writeFileSync(file, original.replace('</Hosts>', ''));
    expect(() => readManifest(file)).toThrow(/mismatched tag/);
  });
});

describe('building and starting the add-in', () => {
  it('npm run build without ADDIN_URL fails in one line, instead of a manifest pointing at localhost', () => {
    const env = { ...process.env };
    delete env.ADDIN_URL;
    const run = spawnSync('npx', ['webpack', '--mode', 'production'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'npm run build needs the address the add-in will be served from: ADDIN_URL=https://your.host/path/ npm run build (or --env url=...). For a build on https://localhost:3000/, use npm run build:dev.',
    );
  });

  it('npm start waits for the dev server on the manifest’s port (config.dev_server_port)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      config?: { dev_server_port?: number };
      scripts: Record<string, string>;
    };
    expect(pkg.config?.dev_server_port).toBe(Number(new URL(DEV).port));
    expect(pkg.scripts.start).toBe('office-addin-debugging start manifest.xml');
    expect(pkg.scripts['dev-server']).toMatch(/^webpack serve/);
    expect(readFileSync(join(ROOT, 'webpack.config.js'), 'utf8')).toContain(
      'process.env.npm_package_config_dev_server_port',
    );
  });
});
