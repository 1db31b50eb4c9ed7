/** Defined names go where CT_Workbook puts them: after sheets, functionGroups and externalReferences. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setDefinedName } from '../../sync/xlsx/workbook-patch.js';
import { cli } from '../helpers/cli.js';
import { examplePlan, withParts, WORKBOOK } from '../helpers/hostile.js';
import { runPython } from '../helpers/python.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('setDefinedName', () => {
  it('puts a new definedNames after functionGroups and externalReferences, before calcPr', () => {
    const xml =
      `<workbook ${NS}><bookViews><workbookView/></bookViews><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets>` +
      `<functionGroups builtInGroupCount="16"/><externalReferences><externalReference r:id="rId9"/></externalReferences>` +
      `<calcPr calcId="191029"/></workbook>`;
    expect(setDefinedName(xml, 'N', 'Plan!$A$1')).toBe(
      `<workbook ${NS}><bookViews><workbookView/></bookViews><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets>` +
        `<functionGroups builtInGroupCount="16"/><externalReferences><externalReference r:id="rId9"/></externalReferences>` +
        `<definedNames><definedName name="N" hidden="1">Plan!$A$1</definedName></definedNames><calcPr calcId="191029"/></workbook>`,
    );
  });

  it('after sheets when there is neither, with a namespace prefix', () => {
    const xml = `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheets><x:sheet name="P" sheetId="1"/></x:sheets><x:calcPr/></x:workbook>`;
    expect(setDefinedName(xml, 'N', 'P!$A$1')).toBe(
      `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheets><x:sheet name="P" sheetId="1"/></x:sheets><x:definedNames><x:definedName name="N" hidden="1">P!$A$1</x:definedName></x:definedNames><x:calcPr/></x:workbook>`,
    );
  });

  it('a synced workbook with functionGroups keeps the schema order (read back with ElementTree)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'plan-sync-names-')), 'plan.xlsx');
    const bytes = withParts(await examplePlan(), {
      [WORKBOOK]: (x) =>
        x
          .replace(/<definedNames>[\s\S]*?<\/definedNames>|<definedNames\/>/, '')
          .replace('</sheets>', '</sheets><functionGroups builtInGroupCount="16"/>'),
    });
    writeFileSync(path, bytes);
    const run = await cli(['sync', path, '--no-backup', '--report-date', '2020-11-13']);
    expect(run.code, run.stderr).toBe(0);
    const children = runPython(
      "import sys, zipfile, xml.etree.ElementTree as ET\nroot = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml'))\nprint(' '.join(c.tag.rsplit('}', 1)[-1] for c in root))",
      [path],
    ).trim();
    expect(children).toMatch(/\bsheets functionGroups definedNames\b/);
  });
});
