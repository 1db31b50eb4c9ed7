/**
 * The task pane as a user meets it: built with webpack, served on localhost, opened in Debian's
 * headless Chromium at the pane's narrowest width, with the fake Excel host standing in for
 * Office.js (the CDN request is intercepted). Screenshots go to test-output/ for review.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RAG_COLOURS } from '../../core/rag.js';
import { bundleFakeOffice } from '../fake-excel/bundle.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { FIXTURES_DIR, makeFixture } from '../helpers/fixtures.js';
import { runPython, runPythonScript } from '../helpers/python.js';
import { cli } from '../helpers/cli.js';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';
import { writeProgrammeXlsx } from '../helpers/highlight-programme.js';
import { manifestProblems, readManifest } from '../helpers/manifest.js';
import { TABLE_6C } from '../core/budget/seed-tables.js';
import { generatePlan } from '../../core/template.js';
import { planInit } from '../helpers/plan-init.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'test-output', 'pane');
const CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const CHROMIUM = '/usr/bin/chromium';
const PRODUCTION_URL = 'https://plan-sync.example.org/addin/';
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

let server: Server;
let base: string;
let browser: Browser;
let fakeOffice: string;

beforeAll(async () => {
  execFileSync('npx', ['webpack', '--mode', 'production', '--env', `url=${PRODUCTION_URL}`], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 240_000,
  });
  mkdirSync(OUT, { recursive: true });
  server = createServer((req, res) => {
    const path = join(DIST, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(DIST) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      .end(readFileSync(path));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fakeOffice = await bundleFakeOffice();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the pane at 320 px with `workbook` in the fake Excel; records every script it loads. */
async function openPane(
  workbook: unknown,
): Promise<{ page: Page; scripts: { url: string; bytes: number }[] }> {
  const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
  const scripts: { url: string; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    scripts.push({ url: response.url(), bytes: body.length });
  });
  await page.addInitScript(`window.__FAKE_WORKBOOK__ = ${JSON.stringify(workbook)};`);
  await page.route(CDN, (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: fakeOffice }),
  );
  // Nothing else may be fetched from outside: fail loudly if the pane tries.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
    route.request().url() === CDN ? route.fallback() : route.abort(),
  );
  await page.goto(`${base}/taskpane.html`);
  await page.getByRole('button', { name: 'Validate' }).waitFor();
  return { page, scripts };
}

async function statusText(page: Page): Promise<string> {
  await page.waitForFunction(
    () => !document.querySelector('#btn-validate')?.hasAttribute('disabled'),
  );
  return (await page.locator('#status-text').textContent()) ?? '';
}

function fakeCell(page: Page, sheet: string, cell: string) {
  return page.evaluate(
    ([s, c]) =>
      (
        window as unknown as {
          __fake: { workbook: { sheet(n: string): { cell(a: string): unknown } } };
        }
      ).__fake.workbook
        .sheet(s)
        .cell(c),
    [sheet, cell],
  );
}

/** axe-core on the page as it is: no serious or critical violations. */
async function check(page: Page, state: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, state).toEqual([]);
}

describe('the built add-in', () => {
  it('has a built manifest with the same structure, every URL on the production site', () => {
    const built = readManifest(join(DIST, 'manifest.xml'));
    expect(manifestProblems(built, PRODUCTION_URL, (path) => join(DIST, path))).toEqual([]);
    const source = readManifest(join(ROOT, 'manifest.xml'));
    const withoutUrls = (m: typeof source) =>
      JSON.stringify(m).replaceAll('https://localhost:3000/', '').replaceAll(PRODUCTION_URL, '');
    expect(
      withoutUrls(built).replace('https://plan-sync.example.org', 'https://localhost:3000'),
    ).toBe(withoutUrls(source));
    const text = readFileSync(join(DIST, 'manifest.xml'), 'utf8');
    expect(text).toContain(`${PRODUCTION_URL}taskpane.html`);
    expect(text).not.toContain('https://localhost');
  });

  it('keeps lazy parts (budget import, .xlsx reading) out of the first load', () => {
    const html = readFileSync(join(DIST, 'taskpane.html'), 'utf8');
    const initial = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((src) => !src.startsWith('https://'));
    const all = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    expect(all.length).toBeGreaterThan(initial.length);
  });
});

describe('the task pane in Chromium', () => {
  let plan: string;
  beforeAll(() => {
    const dir = join(OUT, 'fixtures');
    mkdirSync(dir, { recursive: true });
    plan = makeFixture('foreign-plan', dir);
  });

  it('loads at most 300 KB of scripts, only from the bundle and Office.js', async () => {
    const { page, scripts } = await openPane(fakeInitFromXlsx(plan));
    await page.screenshot({ path: join(OUT, '01-start.png'), fullPage: true });
    const ours = scripts.filter((s) => s.url.startsWith(base));
    expect(scripts.every((s) => s.url.startsWith(base) || s.url === CDN)).toBe(true);
    expect(ours.reduce((n, s) => n + s.bytes, 0)).toBeLessThanOrEqual(300 * 1024);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    await page.close();
  });

  it('validates, groups findings by rule with counts, and selects a finding’s cell', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.getByRole('button', { name: 'Validate' }).click();
    const status = await statusText(page);
    expect(status).toMatch(/24 tasks on sheet "Transition Plan": 0 errors, \d+ warnings/);
    // Warnings and no errors: no tick that reads as "all good".
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('warning');
    expect(await page.locator('#findings-summary').textContent()).toMatch(
      /^\d+ warnings( and \d+ notes?)? to look at\.$/,
    );
    // The overdue tasks (judged against today: no report date anywhere) fold under one line.
    const overdue = page.locator('details.ps-rule[data-rule="overdue"]');
    const count = Number(await overdue.locator('.ps-rule__count').textContent());
    expect(count).toBeGreaterThan(3);
    expect(await overdue.getAttribute('open')).toBeNull();
    expect(await overdue.locator('button.ps-finding').count()).toBe(count);
    await overdue.locator('summary').click();
    const first = overdue.locator('button.ps-finding').first();
    await first.click();
    await page.screenshot({ path: join(OUT, '02-validated.png'), fullPage: true });
    const location = await first.locator('.ps-finding__location').textContent();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as unknown as { __fake: { workbook: { selection(): string | null } } }
          ).__fake.workbook.selection(),
        ),
      )
      .toBe(`'Transition Plan'!${location}`);
    // Going to a cell is a round trip of its own, not an update of the plan: the summary stays.
    expect(await page.locator('#status-text').textContent()).toBe(status);
    await page.close();
  });

  it('has a report date field: the Settings sheet’s or today, or one chosen in the pane', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.getByRole('button', { name: 'Validate' }).click();
    await statusText(page);
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(await page.locator('#report-date').inputValue()).toBe(iso);
    expect(await page.locator('#report-date-hint').textContent()).toMatch(
      /^Today: the Settings sheet has no report date/,
    );
    const overdueToday = Number(
      await page.locator('details.ps-rule[data-rule="overdue"] .ps-rule__count').textContent(),
    );
    await page.locator('#report-date').fill('2020-11-13');
    await page.getByRole('button', { name: 'Validate' }).click();
    await statusText(page);
    const then = page.locator('details.ps-rule[data-rule="overdue"] .ps-rule__count');
    const overdueThen = (await then.count()) ? Number(await then.textContent()) : 0;
    expect(overdueThen).toBeLessThan(overdueToday);
    expect(await page.locator('#report-date').inputValue()).toBe('2020-11-13');
    await page.locator('#report-date').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: join(OUT, '08-report-date-grouped-findings.png'),
      fullPage: true,
    });
    // Errors only: the warnings fold away.
    await page.locator('#errors-only').check();
    expect(await page.locator('details.ps-severity[data-severity="warning"]').count()).toBe(0);
    expect(await page.locator('#findings-list').textContent()).toContain('No errors.');
    await page.close();
  });

  it('states errors and warnings in the summary when the plan has both', async () => {
    const errors = join(OUT, 'fixtures');
    const { page } = await openPane(fakeInitFromXlsx(makeFixture('foreign-plan-errors', errors)));
    await page.locator('#report-date').fill('2020-11-13');
    await page.getByRole('button', { name: 'Validate' }).click();
    const status = await statusText(page);
    expect(status).toMatch(/: \d+ errors?, \d+ warnings?/);
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('error');
    expect(await page.locator('#findings-summary').textContent()).toMatch(
      /^\d+ errors?, \d+ warnings? and \d+ notes? to look at\.$|^\d+ errors? and \d+ warnings? to look at\.$/,
    );
    expect(
      await page.locator('details.ps-severity[data-severity="error"]').getAttribute('open'),
    ).toBe('');
    expect(
      await page.locator('details.ps-severity[data-severity="warning"]').getAttribute('open'),
    ).toBeNull();
    await page.screenshot({ path: join(OUT, '09-summary-errors-warnings.png'), fullPage: true });
    await page.close();
  });

  it('announces "Working…": the live region is never inside anything marked busy', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.evaluate(() => {
      const w = window as unknown as { busyAroundStatus: boolean };
      w.busyAroundStatus = false;
      const status = document.getElementById('status')!;
      new MutationObserver(() => {
        if (status.closest('[aria-busy="true"]')) w.busyAroundStatus = true;
      }).observe(document.body, {
        attributes: true,
        subtree: true,
        attributeFilter: ['aria-busy'],
      });
    });
    await page.getByRole('button', { name: 'Validate' }).click();
    await statusText(page);
    await page.getByRole('button', { name: 'Colour RAG' }).click();
    await statusText(page);
    expect(
      await page.evaluate(
        () => (window as unknown as { busyAroundStatus: boolean }).busyAroundStatus,
      ),
    ).toBe(false);
    expect(await page.locator('#findings').getAttribute('aria-busy')).toBe('false');
    await page.close();
  });

  it('passes an automated accessibility check (axe-core): no serious or critical violations', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await check(page, 'on opening');
    await page.getByRole('button', { name: 'Validate' }).click();
    await statusText(page);
    await page.locator('details.ps-rule[data-rule="overdue"] summary').click();
    await check(page, 'with findings');
    await page.close();
    const { page: none } = await openPane({
      sheets: [{ name: 'Sheet1', cells: { A1: { value: 'x' } } }],
    });
    await none.getByRole('button', { name: 'Validate' }).click();
    await none.locator('#notice-no-plan').waitFor({ state: 'visible' });
    await check(none, 'offering a new plan');
    await none.close();
    const { page: old } = await openPane({ sheets: [{ name: 'Plan' }], apiVersion: '1.7' });
    await old.locator('#notice-unsupported').waitFor({ state: 'visible' });
    await check(old, 'on an old Excel');
    await old.close();
  });

  it('colours RAG cells and builds the Gantt in the workbook', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.getByRole('button', { name: 'Colour RAG' }).click();
    expect(await statusText(page)).toMatch(/Coloured \d+ RAG cells/);
    await page.selectOption('#gantt-scale', 'month');
    await page.getByRole('button', { name: 'Build Gantt' }).click();
    expect(await statusText(page)).toMatch(/bars/);
    await page.screenshot({ path: join(OUT, '03-gantt.png'), fullPage: true });
    const expected = JSON.parse(
      readFileSync(join(ROOT, 'test/fixtures/foreign-plan.expected.json'), 'utf8'),
    ) as { tasks: { row: number; status: string | null }[] };
    const green = expected.tasks.find((t) => t.status === 'Green')!;
    const rag = (await fakeCell(page, 'Transition Plan', `H${green.row}`)) as {
      format?: { fill?: string };
    };
    expect(rag.format?.fill).toBe(`#${RAG_COLOURS.green.fill}`);
    const header = (await fakeCell(page, 'Transition Plan', 'M4')) as { value?: unknown };
    expect(typeof header.value).toBe('number');
    await page.close();
  });

  it('refuses to build the Gantt over a cell of the user’s, writing nothing and naming the cell', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.selectOption('#gantt-scale', 'month');
    await page.getByRole('button', { name: 'Build Gantt' }).click();
    expect(await statusText(page)).toMatch(/over 13 months in M3:Y28/);
    // The user types a note where a weekly timeline will need the cell.
    const cells = () =>
      page.evaluate(() =>
        (
          window as unknown as {
            __fake: { workbook: { sheet(n: string): { cells(): unknown } } };
          }
        ).__fake.workbook
          .sheet('Transition Plan')
          .cells(),
      );
    await page.evaluate(() =>
      (
        window as unknown as {
          __fake: {
            workbook: { sheet(n: string): { setCell(a: string, c: { value: string }): void } };
          };
        }
      ).__fake.workbook
        .sheet('Transition Plan')
        .setCell('AH10', { value: 'see minutes' }),
    );
    const before = await cells();
    await page.selectOption('#gantt-scale', 'week');
    await page.getByRole('button', { name: 'Build Gantt' }).click();
    expect(await statusText(page)).toBe(
      'The timeline needs cell AH10, which holds your data: move or clear it, then try again; nothing was changed.',
    );
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('error');
    await page.screenshot({ path: join(OUT, '07-gantt-refused.png'), fullPage: true });
    expect(await cells()).toEqual(before);
    await page.locator('#findings-list button.ps-finding', { hasText: 'AH10' }).first().click();
    // Selecting is a round trip to Excel of its own: wait for it.
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as unknown as { __fake: { workbook: { selection(): string | null } } }
          ).__fake.workbook.selection(),
        ),
      )
      .toBe(`'Transition Plan'!AH10`);
    await page.close();
  });

  it('imports a budget table picked from a file; a CSV finding goes to the imported cell', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page
      .locator('#import-section summary, #import-section')
      .first()
      .click()
      .catch(() => undefined);
    await page.setInputFiles('#budget-file', {
      name: 'table6c.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(TABLE_6C),
    });
    await page.getByRole('button', { name: /Import/ }).click();
    expect(await statusText(page)).toMatch(/Imported "table6c"/);
    await page.screenshot({ path: join(OUT, '04-imported.png'), fullPage: true });
    const names = await page.evaluate(() =>
      (
        window as unknown as { __fake: { workbook: { sheetNames(): string[] } } }
      ).__fake.workbook.sheetNames(),
    );
    expect(names).toContain('Budget');
    expect(await page.locator('#findings-list').textContent()).toContain('Audit');
    expect(await page.locator('#findings-hint').isHidden()).toBe(false);
    const finding = page.locator('#findings-list button.ps-finding').first();
    // Open the folded group it is listed in.
    await finding.evaluate((el) => {
      for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
        d.open = true;
    });
    await finding.scrollIntoViewIfNeeded();
    const location = (await finding.locator('.ps-finding__location').textContent()) ?? '';
    // "line 12, column 3 (Budget!D15)": the CSV's place, and the cell it landed in.
    const cell = /\(Budget!([A-Z]+\d+)\)$/.exec(location)?.[1];
    expect(location).toMatch(/^line \d+, column \d+ \(Budget![A-Z]+\d+\)$/);
    await finding.click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as unknown as { __fake: { workbook: { selection(): string | null } } }
          ).__fake.workbook.selection(),
        ),
      )
      .toBe(`Budget!${cell}`);
    await page.close();
  });

  it('says what to do when Excel refuses a change, in words not codes', async () => {
    const { page } = await openPane(fakeInitFromXlsx(plan));
    await page.evaluate(() =>
      (
        window as unknown as {
          __fake: { workbook: { failRequest(a: number, b: number, c: string, w: boolean): void } };
        }
      ).__fake.workbook.failRequest(1, 2, 'AccessDenied', true),
    );
    await page.getByRole('button', { name: 'Colour RAG' }).click();
    expect(await statusText(page)).toBe(
      'Could not colour RAG status. Excel refused the change: the sheet or workbook is protected, or you can only read this file. Unprotect it (Review > Unprotect Sheet) or ask its owner for edit access, then try again (Excel said AccessDenied).',
    );
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('error');
    await page.close();
  });

  it('Keep up to date: says Excel empties its undo list; buttons wait while it updates', async () => {
    const { page } = await openPane({ ...fakeInitFromXlsx(plan), apiVersion: '1.14' });
    const note = page.locator('#undo-note');
    expect(await note.textContent()).toMatch(
      /in this version of Excel it empties the undo\s+list, so Undo \(Ctrl\+Z\) cannot take back the edits you made before it\./,
    );
    await page.locator('#keep-up-to-date').check();
    expect(await statusText(page)).toMatch(/^Keeping the plan up to date/);
    await page.evaluate(() => {
      const w = window as unknown as { disabledWhileUpdating: boolean };
      w.disabledWhileUpdating = false;
      const button = document.getElementById('btn-validate') as HTMLButtonElement;
      const text = document.getElementById('status-text')!;
      new MutationObserver(() => {
        if (text.textContent?.startsWith('Updating the plan') && button.disabled)
          w.disabledWhileUpdating = true;
      }).observe(document.body, {
        attributes: true,
        childList: true,
        subtree: true,
        characterData: true,
      });
    });
    await page.evaluate(() =>
      (
        window as unknown as {
          __fake: { workbook: { fireChange(s: string, a: string): Promise<void> } };
        }
      ).__fake.workbook.fireChange('Transition Plan', 'H6'),
    );
    await expect.poll(() => page.locator('#status-text').textContent()).toMatch(/^Updated: /);
    expect(
      await page.evaluate(
        () => (window as unknown as { disabledWhileUpdating: boolean }).disabledWhileUpdating,
      ),
    ).toBe(true);
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(false);
    await page.locator('.ps-switch').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, '10-keep-up-to-date-undo-note.png') });
    await page.close();
  });

  it('offers to create a plan when the workbook has none', async () => {
    const { page } = await openPane({
      sheets: [{ name: 'Sheet1', cells: { A1: { value: 'hello' } } }],
    });
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.locator('#notice-no-plan').waitFor({ state: 'visible' });
    await page.locator('#btn-create-plan').click();
    expect(await statusText(page)).toMatch(/Added Plan/);
    await page.screenshot({ path: join(OUT, '05-new-plan.png'), fullPage: true });
    const names = await page.evaluate(() =>
      (
        window as unknown as { __fake: { workbook: { sheetNames(): string[] } } }
      ).__fake.workbook.sheetNames(),
    );
    expect(names).toEqual(['Sheet1', 'Plan', 'Workstreams', 'Settings', 'RAG key']);
    await page.close();
  });

  it('adopts the painted timeline of the active sheet into new Plan and review sheets', async () => {
    const painted = join(OUT, 'fixtures', 'painted.xlsx');
    runPythonScript(join(FIXTURES_DIR, 'painted_plan.py'), [painted]);
    const { page } = await openPane(fakeInitFromXlsx(painted));
    await page.getByText('Adopt painted timeline', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Adopt painted timeline' }).click();
    expect(await statusText(page)).toMatch(
      /^Adopted 12 rows from "Transition Plan" into sheet "Plan"/,
    );
    await page.screenshot({ path: join(OUT, '05-adopt-painted.png'), fullPage: true });
    const names = await page.evaluate(() =>
      (
        window as unknown as { __fake: { workbook: { sheetNames(): string[] } } }
      ).__fake.workbook.sheetNames(),
    );
    expect(names).toEqual(['Transition Plan', 'Notes', 'Plan', 'Adoption review']);
    await page.close();
  });

  it('merges a lead’s return picked from a file; its conflict links to the master cell', async () => {
    const out = join(OUT, 'returns');
    const issued = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(issued.code).toBe(0);
    const edited = join(out, 'gov.xlsx');
    runPython(
      String.raw`
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}
ws.cell(rows['1.2'], 9).value = 'R'
ws.cell(rows['1.3'], 8).value = datetime.datetime(2020, 12, 3)
wb.save(sys.argv[2])
`,
      [join(out, 'Governance return 2020-11-13.xlsx'), edited],
    );
    const init = fakeInitFromXlsx(plan);
    // Meanwhile the programme office moved 1.3's end in Excel.
    const sheet = init.sheets.find((s) => s.name === 'Transition Plan')!;
    sheet.cells!.G8 = {
      ...sheet.cells!.G8,
      value: serialFromDay(dayFromYMD(2020, 12, 10)!, false),
    };
    const { page } = await openPane(init);
    await page.locator('#returns-section summary').click();
    await page.setInputFiles('#return-file', {
      name: 'gov.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: readFileSync(edited),
    });
    await page.getByRole('button', { name: 'Merge return' }).click();
    expect(await statusText(page)).toMatch(
      /^Merged gov\.xlsx \(Governance, report date 13 Nov 2020\): 1 applied, 1 conflict, 0 rejected/,
    );
    const value = (ref: string) =>
      page.evaluate(
        (r) =>
          (
            window as unknown as {
              __fake: {
                workbook: {
                  sheet(n: string): { cell(a: string): { value?: unknown } | undefined };
                };
              };
            }
          ).__fake.workbook
            .sheet('Transition Plan')
            .cell(r)?.value,
        ref,
      );
    expect(await value('H7')).toBe('Red');
    expect(await value('G8')).toBe(serialFromDay(dayFromYMD(2020, 12, 10)!, false));
    const conflict = page.locator('#findings-list button.ps-finding', {
      hasText: 'changed it from 26 Nov 2020',
    });
    await conflict.evaluate((el) => {
      for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
        d.open = true;
    });
    await page.screenshot({ path: join(OUT, '07-merged-return.png'), fullPage: true });
    await conflict.click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as unknown as { __fake: { workbook: { selection(): string | null } } }
          ).__fake.workbook.selection(),
        ),
      )
      .toBe(`'Transition Plan'!G8`);
    await page.close();
  });

  it('says which API set is missing on an old Excel, once', async () => {
    const { page } = await openPane({ sheets: [{ name: 'Plan' }], apiVersion: '1.7' });
    await page.locator('#notice-unsupported').waitFor({ state: 'visible' });
    expect(await page.locator('#unsupported-sets').textContent()).toContain('ExcelApi 1.9');
    expect(await page.getByRole('button', { name: 'Validate' }).isDisabled()).toBe(true);
    // The notice says it; the status line does not say it again.
    expect(await page.locator('#status').isHidden()).toBe(true);
    const text = await page.evaluate(
      () =>
        `${document.getElementById('notice-unsupported')!.innerText} ${document.getElementById('status')!.innerText}`,
    );
    expect(text.match(/version of Excel/gi)).toHaveLength(1);
    expect(text.match(/use Excel on the web/gi)).toHaveLength(1);
    await page.screenshot({ path: join(OUT, '06-unsupported.png'), fullPage: true });
    await page.close();
  });

  it('on ExcelApi 1.9 to 1.12, says by Build Gantt that it needs ExcelApi 1.13', async () => {
    const { page } = await openPane({ ...fakeInitFromXlsx(plan), apiVersion: '1.9' });
    expect(await page.getByRole('button', { name: 'Build Gantt' }).isDisabled()).toBe(true);
    expect(await page.locator('#gantt-hint').textContent()).toMatch(
      /^Build Gantt needs ExcelApi 1\.13, which this version of Excel does not have/,
    );
    expect(await page.getByRole('button', { name: 'Colour RAG' }).isDisabled()).toBe(false);
    expect(await page.locator('#keep-up-to-date').isDisabled()).toBe(true);
    await page.close();
  });
});

describe('the task pane on a 5,000-task plan', () => {
  // Printed, not asserted: a benchmark of issue 9 (the pane's work per command, target 200 ms of
  // script time for 5,000 tasks). The pane times each command itself (a User Timing measure from
  // the click to the result rendered); within it, the fake Excel host's work (applying each
  // request, sizing and delivering its response) is counted by the fake (stats.hostMs), and is
  // work real Excel does outside the pane: the pane's own time is the difference.
  it('validates, colours and builds the Gantt of 5,000 tasks; prints the script time of each', async () => {
    const { page } = await openPane(planInit(generatePlan(5000, { seed: 20201113, years: 3 })));
    const hostMs = () =>
      page.evaluate(
        () => (window as unknown as { __fake: { stats: { hostMs: number } } }).__fake.stats.hostMs,
      );
    const lastMeasure = () =>
      page.evaluate(() => performance.getEntriesByName('plan-sync command').at(-1)?.duration ?? 0);
    const times: string[] = [];
    const command = async (button: string, done: RegExp) => {
      const host0 = await hostMs();
      await page.getByRole('button', { name: button }).click();
      expect(await statusText(page)).toMatch(done);
      const total = await lastMeasure();
      const host = (await hostMs()) - host0;
      expect(total).toBeGreaterThan(host);
      times.push(
        `${button}: the pane's own work ${Math.round(total - host)} ms (${Math.round(total)} ms in all, of which the fake Excel host ${Math.round(host)} ms)`,
      );
    };
    // As a user's first click finds it: the pane has warmed up the engine while it sat idle
    // (addin/warm-up.ts). The first run still compiles the rest (reading, writing, rendering).
    await page.waitForFunction(
      () => performance.getEntriesByName('plan-sync warm-up').length > 0,
      undefined,
      { timeout: 30_000 },
    );
    const warmUp = await page.evaluate(
      () => performance.getEntriesByName('plan-sync warm-up')[0].duration,
    );
    times.push(`warm-up after start (idle time, before any click): ${Math.round(warmUp)} ms`);
    // Twice: the first run is a user's first click; the second finds everything compiled.
    for (const run of ['first run', 'second run']) {
      times.push(`${run}:`);
      await command('Validate', /^5000 tasks on sheet "Plan"/);
      await command('Colour RAG', /Coloured [\d,]+ RAG cells/);
      await command('Build Gantt', /bars/);
    }
    console.log(`The pane on 5,000 tasks:\n  ${times.join('\n  ')}`);
    await page.close();
  });
});

describe('the Highlight report in the pane', () => {
  it('builds the report, lists each workstream in words and goes to its declared status', async () => {
    const dir = join(OUT, 'fixtures');
    mkdirSync(dir, { recursive: true });
    const programme = join(dir, 'highlight-programme.xlsx');
    writeProgrammeXlsx(programme, dir);
    const { page } = await openPane(fakeInitFromXlsx(programme));
    await page.locator('#report-section summary').click();
    await page.getByRole('button', { name: 'Highlight report' }).click();
    expect(await statusText(page)).toMatch(
      /^Built the "Highlight report" and "Status history" sheets for 2020-11-13: programme declared Amber, computed Amber\/Red/,
    );
    const lines = page.locator('#report-summary .ps-report__line');
    expect(await lines.count()).toBe(9);
    expect(await lines.nth(1).textContent()).toBe(
      'Project work stream 1: Governance: declared Amber, computed Amber/Red, ● new — differs from roll-up',
    );
    await lines.nth(1).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as unknown as { __fake: { workbook: { selection(): string | null } } }
          ).__fake.workbook.selection(),
        ),
      )
      .toBe('Workstreams!C2');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    await page
      .locator('#report-section')
      .screenshot({ path: join(OUT, '11-highlight-report.png') });
    await page.close();
  });
});

describe('the Board timeline in the pane', () => {
  it('draws the board on its sheet and offers the slide deck as a download', async () => {
    const dir = join(OUT, 'fixtures');
    mkdirSync(dir, { recursive: true });
    const sample = join(dir, 'board-sample.xlsx');
    expect((await cli(['init', sample, '--example', '--force'])).code).toBe(0);
    const { page, scripts } = await openPane(fakeInitFromXlsx(sample));
    const firstLoad = scripts.length;
    await page.locator('#board-section summary').click();
    await page.locator('#board-page').selectOption('16:9');
    await page.locator('#btn-board').click();
    expect(await statusText(page)).toMatch(
      /^Drew the board timeline on sheet "Board timeline" \(\d+ pages?, one picture each\): \d+ tasks in \d+ workstreams/,
    );
    const shapes = (await page.evaluate(
      () =>
        (
          window as unknown as {
            __fake: { workbook: { sheet(n: string): { shapes: { name: string; svg: string }[] } } };
          }
        ).__fake.workbook.sheet('Board timeline').shapes,
    )) as { name: string; svg: string }[];
    expect(shapes.length).toBeGreaterThan(0);
    expect(shapes[0].name).toBe('plan-sync board page 1');
    expect(shapes[0].svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    await page.screenshot({ path: join(OUT, '12-board-timeline.png'), fullPage: true });

    // The deck: pptxgenjs loads only now, and the pane offers a link to click.
    await page.getByRole('button', { name: 'Slides (.pptx)' }).click();
    expect(await statusText(page)).toMatch(
      /^Made the slide deck: \d+ slides?, .* Use the download link below\.$/,
    );
    const link = page.locator('#board-download');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^blob:/);
    expect(await link.getAttribute('download')).toMatch(/ \d{4}-\d{2}-\d{2}\.pptx$/);
    expect(scripts.length).toBeGreaterThan(firstLoad);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = join(ROOT, 'test-output', 'review', '10p', 'pane-deck.pptx');
    mkdirSync(join(ROOT, 'test-output', 'review', '10p'), { recursive: true });
    await download.saveAs(saved);
    const slides = runPython(
      `
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if re.match(r'ppt/slides/slide\\d+\\.xml$', n)]
print(len(names), sum(z.read(n).decode().count('prst="diamond"') for n in names))
`,
      [saved],
    ).trim();
    expect(slides).toMatch(/^[1-9]\d* [1-9]\d*$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    await page.locator('#board-section').screenshot({ path: join(OUT, '13-board-section.png') });
    await check(page, 'with the board drawn and the deck offered');
    await page.close();
  });
});
