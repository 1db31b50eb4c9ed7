/**
 * A styles part without fonts, fills or borders (or with them empty, or `<styleSheet/>` alone):
 * the defaults Excel writes are seeded first, so a format the sync adds never lands at index 0,
 * where every default cell would pick it up. Read back with openpyxl and LibreOffice.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { examplePlan, STYLES, withParts } from '../helpers/hostile.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { packageProblems } from '../helpers/package-check.js';
import { partText } from '../helpers/parts.js';

const REPORT = ['--report-date', '2020-11-13'];
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
let dir: string;
let base: Buffer;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-styles-sections-'));
  base = await examplePlan();
});

/** The example plan with its styles rewritten by `edit`, synced; the written file. */
async function synced(edit: (xml: string) => string): Promise<string> {
  const path = join(mkdtempSync(join(dir, `case${n++}-`)), 'plan.xlsx');
  writeFileSync(path, withParts(base, { [STYLES]: edit }));
  const run = await cli(['sync', path, '--no-backup', ...REPORT]);
  expect(run.code, run.stderr).toBe(0);
  expect(packageProblems([path])).toEqual([[]]);
  return path;
}

/** Every cell format pointing at font, fill and border 0, the section itself removed or emptied. */
function withoutSections(xml: string, how: 'missing' | 'empty'): string {
  let out = xml.replace(/\s(fontId|fillId|borderId)="\d+"/g, ' $1="0"');
  for (const name of ['fonts', 'fills', 'borders']) {
    out = out.replace(
      new RegExp(`<${name}\\b[^>]*>[\\s\\S]*?</${name}>`),
      how === 'missing' ? '' : `<${name} count="0"/>`,
    );
  }
  return out;
}

/** Default cells (a task name, an ID, a date) keep no fill, the default text colour and no border. */
function expectDefaultsPlain(path: string): void {
  const plan = sheetOf(dumpWorkbook(path, { sheets: ['Plan'] }), 'Plan');
  for (const ref of ['B2', 'C2', 'D7', 'C30']) {
    expect(plan.cells[ref], ref).toMatchObject({
      fill: null,
      pattern: null,
      fontColor: 'theme:1',
      borderLeft: null,
      borderRight: null,
    });
  }
  // The RAG cells were coloured, so formats were added.
  expect(plan.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
}

describe('styles sections missing or empty', () => {
  it('fonts, fills and borders missing: defaults seeded in schema order, default cells unchanged', async () => {
    const path = await synced((x) => withoutSections(x, 'missing'));
    const styles = partText(path, 'xl/styles.xml');
    const order = ['<numFmts', '<fonts', '<fills', '<borders', '<cellStyleXfs', '<cellXfs'].map(
      (tag) => styles.indexOf(tag),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(styles).toMatch(
      /<fills count="\d+"><fill><patternFill patternType="none"\/><\/fill><fill><patternFill patternType="gray125"\/><\/fill><fill>/,
    );
    expectDefaultsPlain(path);
    const lo = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(path, join(dir, 'lo-missing')), { sheets: ['Plan'] }),
      'Plan',
    );
    // LibreOffice writes the theme's text colour out as black.
    expect(lo.cells.C2).toMatchObject({ fill: null, fontColor: '000000', borderLeft: null });
    expect(lo.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
  }, 120_000);

  it('fonts, fills and borders empty: the same', async () => {
    const path = await synced((x) => withoutSections(x, 'empty'));
    expect(partText(path, 'xl/styles.xml')).not.toMatch(/<(fonts|fills|borders) count="0"/);
    expectDefaultsPlain(path);
  }, 120_000);

  it('a self-closing <styleSheet/>: opened, every section seeded, cells still default', async () => {
    const path = await synced(
      () => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${NS}/>`,
    );
    const styles = partText(path, 'xl/styles.xml');
    expect(styles).toMatch(
      /^<\?xml[^>]*\?>\n<styleSheet [^>]*><fonts count="\d+"><font>.*<\/fonts><fills .*<\/fills><borders .*<\/borders><cellStyleXfs count="1"><xf [^>]*\/><\/cellStyleXfs><cellXfs .*<\/cellXfs><\/styleSheet>$/,
    );
    // The plan's cells said s="1".."16" with no formats there: those stay default formats.
    expectDefaultsPlain(path);
  }, 120_000);
});
