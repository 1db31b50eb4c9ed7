/**
 * Text with leading or trailing spaces (the ' ' that stops a label overflowing into the timeline)
 * is written with xml:space="preserve": Excel trims the text of a <t> without it, so the stop
 * cell would turn empty and the label would spill across the bars.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchSheet, type CellUpdate } from '../../sync/xlsx/sheet-patch.js';
import { cli } from '../helpers/cli.js';
import { examplePlan } from '../helpers/hostile.js';
import { runPython } from '../helpers/python.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('xml:space="preserve" on text with edge spaces', () => {
  it('owned cells: only where the text starts or ends with white space', () => {
    const cells = new Map<number, Map<number, CellUpdate>>([
      [
        1,
        new Map<number, CellUpdate>([
          [1, { kind: 'set', value: ' ', s: 0 }],
          [2, { kind: 'set', value: '  lead', s: 0 }],
          [3, { kind: 'set', value: 'trail\t', s: 0 }],
          [4, { kind: 'set', value: 'in side', s: 0 }],
        ]),
      ],
    ]);
    const out = patchSheet(`<worksheet ${NS}><sheetData/></worksheet>`, { cells, clearRanges: [] });
    expect(out).toContain(
      '<c r="A1" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>' +
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve">  lead</t></is></c>' +
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve">trail\t</t></is></c>' +
        '<c r="D1" t="inlineStr"><is><t>in side</t></is></c>',
    );
  });

  it('a synced plan: every overflow stop cell says so (read with ElementTree and openpyxl)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'plan-sync-space-')), 'plan.xlsx');
    writeFileSync(path, await examplePlan());
    const run = await cli(['sync', path, '--no-backup', '--report-date', '2020-11-13']);
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(
      runPython(
        String.raw`
import sys, json, zipfile, openpyxl, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
SPACE = '{http://www.w3.org/XML/1998/namespace}space'
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml'))
edge, preserved, refs = 0, 0, []
for c in root.iter(M + 'c'):
    t = c.find(M + 'is/' + M + 't')
    if t is None or not t.text or t.text.strip() == t.text: continue
    edge += 1
    refs.append(c.get('r'))
    if t.get(SPACE) == 'preserve': preserved += 1
ws = openpyxl.load_workbook(sys.argv[1])['Plan']
print(json.dumps({'edge': edge, 'preserved': preserved, 'values': sorted({ws[r].value for r in refs})}))
`,
        [path],
      ),
    ) as { edge: number; preserved: number; values: string[] };
    expect(seen.edge).toBeGreaterThan(10);
    expect(seen.preserved).toBe(seen.edge);
    expect(seen.values).toEqual([' ']);
  });
});
