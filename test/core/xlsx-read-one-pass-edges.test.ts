/**
 * Edges of the one-pass readers (`readCheckedWorksheet`, `readCheckedSharedStrings`) found by a
 * differential fuzz against the two passes they replace: names the general reader's element
 * search takes as its own, and a damaged part the sheet needs, met in both passes.
 */
import { describe, expect, it } from 'vitest';
import type { SheetData } from '../../core/cells.js';
import { readSharedStrings, readCheckedSharedStrings } from '../../core/xlsx/shared-strings.js';
import { XlsxPackage } from '../../core/xlsx/workbook-read.js';
import {
  readCheckedWorksheet,
  readWorksheet,
  type CellContext,
} from '../../core/xlsx/worksheet-part.js';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { nodeInflateRaw } from '../../sync/xlsx/zip.js';
import { examplePlan, withParts } from '../helpers/hostile.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const ctx: CellContext = {
  date1904: false,
  sharedStrings: () => ['zero', 'one'],
  numFmtOfStyle: () => undefined,
};

describe('a name the element search takes as its own', () => {
  // U+3000, U+2028 and U+FEFF may continue an XML name, and the general reader's element search
  // (a regex whose \s matches them) takes `<mergeCell\u3000>` for a <mergeCell>, as the patchers do.
  it.each([
    ['a merged range', '<sheetData/><mergeCells><mergeCell\u3000 ref="A1:B2"/></mergeCells>'],
    ['the protection', '<sheetData/><sheetProtection\uFEFF sheet="1"/>'],
    ['the cells', '<sheetData\u2028><row r="1"><c r="A1"><v>1</v></c></row></sheetData\u2028>'],
    [
      'what follows the cells',
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><sheetData\u3000></sheetData\u3000>' +
        '<t>a</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells>',
    ],
  ])('in a sheet: %s is read as the two passes read it', (_, body) => {
    const xml = `<worksheet xmlns="${NS}">${body}</worksheet>`;
    expect(xmlProblem(xml)).toBeNull();
    const sheet: SheetData = readWorksheet(xml, 'Plan', ctx);
    expect(readCheckedWorksheet(xml, 'Plan', ctx) ?? sheet).toEqual(sheet);
  });

  // `<si\u3000>` taken for an item: the strings after it keep their indexes only if both agree.
  it.each([
    '<si\u3000/><si><t>a</t></si>',
    '<si\uFEFF><t>a</t></si\uFEFF><si><t>b</t></si>',
    '<si><t>a</t><si\u3000></si\u3000></si><si><t>b</t></si>',
  ])(
    'in the shared strings: the items of %j are read as the general reader reads them',
    (items) => {
      const xml = `<sst xmlns="${NS}">${items}</sst>`;
      expect(xmlProblem(xml)).toBeNull();
      expect(readCheckedSharedStrings(xml) ?? readSharedStrings(xml)).toEqual(
        readSharedStrings(xml),
      );
    },
  );
});

describe('a damaged part the sheet needs', () => {
  const MB = 1024 * 1024;

  // The one pass meets the damage first, then leaves the sheet to the two passes, which meet it
  // again: the part must not be unpacked twice, or a large one passes the total limit, and the
  // user is told the workbook is too large instead of which part is damaged.
  it.each(['xl/sharedStrings.xml', 'xl/styles.xml'])(
    'is named when it is read for the sheet (%s), within the limits',
    async (part) => {
      const bytes = withParts(await examplePlan(), {
        [part]: (text) => text.replace(/<\/(\w+)>\s*$/, `<!--${' '.repeat(3 * MB)}--><x></$1>`),
      });
      const pkg = XlsxPackage.open(bytes, nodeInflateRaw, {
        maxPartBytes: 4 * MB,
        maxTotalBytes: 5 * MB,
      });
      expect(() => pkg.readSheet('Plan')).toThrow(`the part ${part} of the workbook is damaged`);
    },
  );
});
