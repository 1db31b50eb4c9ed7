/**
 * The fast paths of sheet reading (cells read in place, plain shared-string items, the inflate
 * into one buffer) give what the general paths give: every shape that leaves a fast path is
 * read here next to one that takes it, and each value is checked.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { readSharedStrings } from '../../core/xlsx/shared-strings.js';
import { readWorksheet, type CellContext } from '../../core/xlsx/worksheet-part.js';
import { nodeInflateRaw } from '../../sync/xlsx/zip.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const SST = ['zero', 'one', 'two'];
const FORMATS: Record<number, string> = { 2: 'dd/mm/yyyy', 12: '0%' };

function context(): CellContext & { formatLookups: number[] } {
  const formatLookups: number[] = [];
  return {
    date1904: false,
    sharedStrings: () => SST,
    numFmtOfStyle: (i) => {
      formatLookups.push(i);
      return FORMATS[i];
    },
    formatLookups,
  };
}

const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;

describe('cells read in place', () => {
  it('reads plain and unusual references, numbers, shared strings and styles alike', () => {
    const ctx = context();
    const sheet = readWorksheet(
      sheetXml(
        '<row r="1">' +
          '<c r="A1" s="2"><v>45383</v></c>' + // digits: read in place
          '<c r="$B$1" s="12"><v>0.65</v></c>' + // a point: read by Number
          '<c r=" C1 " t="s"><v>2</v></c>' + // spaces around the reference
          '<c r="d1" t="s"><v> 1 </v></c>' + // lower case; spaces around the index
          '<c r="E1"><v>-3</v></c>' +
          '<c r="F1"><v>1e3</v></c>' +
          '<c r="G1"><v>1234567890123456</v></c>' + // more digits than read in place
          '<c r="H1" s="02"><v></v></c>' + // style with a leading zero; empty value
          '<c s=" 12"><v>7</v></c>' + // no reference: the next column; a spaced style
          '<c r="J1" t="n"><v>  </v></c>' +
          '<c r="K1" t="s"/>' +
          '<c r="L1" s="2"><f>A1</f><v>45000</v></c>' +
          '</row>' +
          '<row r="3"><c r="A3" t="str"><v>a &amp; b</v></c><c r="B3" t="b"><v>1</v></c></row>',
      ),
      'Plan',
      ctx,
    );
    const cell = (row: number, col: number) => sheet.cells[row]?.[col];
    expect(cell(1, 1)).toEqual({ value: 45383, numFmt: 'dd/mm/yyyy' });
    expect(cell(1, 2)).toEqual({ value: 0.65, numFmt: '0%' });
    expect(cell(1, 3)).toEqual({ value: 'two' });
    expect(cell(1, 4)).toEqual({ value: 'one' });
    expect(cell(1, 5)).toEqual({ value: -3 });
    expect(cell(1, 6)).toEqual({ value: 1000 });
    expect(cell(1, 7)).toEqual({ value: 1234567890123456 });
    expect(cell(1, 8)).toEqual({ value: null, numFmt: 'dd/mm/yyyy' });
    expect(cell(1, 9)).toEqual({ value: 7, numFmt: '0%' });
    expect(cell(1, 10)).toEqual({ value: null });
    expect(cell(1, 11)).toEqual({ value: null });
    expect(cell(1, 12)).toEqual({ value: 45000, numFmt: 'dd/mm/yyyy', formula: true });
    expect(cell(3, 1)).toEqual({ value: 'a & b' });
    expect(cell(3, 2)).toEqual({ value: true });
    expect(sheet.maxRow).toBe(3);
    expect(sheet.maxCol).toBe(12);
    // A style is looked up once for its plain digits ("2" and "02" alike), once more for " 12".
    expect([...ctx.formatLookups].sort((a, b) => a - b)).toEqual([2, 12, 12]);
  });

  it.each([
    ['<row r="1"><c r="B1"/><c r="A1"/></row>', 'cell A1 comes after B1'],
    ['<row r="2"><c r="A3"/></row>', 'cell A3 is inside row 2'],
    ['<row r="1"><c r="A1x"/></row>', 'row 1 has a cell named "A1x", not a cell reference'],
    ['<row r="1"><c r="XFE1"/></row>', 'outside'],
    ['<row r="1"><c r="A1" t="s"><v>3</v></c></row>', 'refers to shared string "3"'],
    ['<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', 'refers to shared string "-1"'],
    ['<row r="1"><c r="A1"><v>12abc</v></c></row>', 'holds "12abc" where a number belongs'],
  ])('refuses %s as before: %s', (rows, message) => {
    const read = () => readWorksheet(sheetXml(rows), 'Plan', context());
    expect(read).toThrow(WorkbookReadError);
    expect(read).toThrow(message);
  });
});

describe('plain shared-string items', () => {
  it('reads plain items in place and every other shape the general way, in order', () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${NS}" count="9" uniqueCount="9">` +
      '<si><t>plain</t></si>' +
      '<si><t xml:space="preserve"> spaced </t></si>\n  ' +
      '<si><t>a &lt; b_x000D_c</t></si>' +
      '<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>' +
      '<!-- <si><t>in a comment</t></si> -->' +
      '<si><t>with phonetic</t><rPh sb="0" eb="1"><t>ふ</t></rPh></si>' +
      '<si><t/></si>' +
      '<si><x:t xmlns:x="urn:x">prefixed</x:t></si>' +
      '<si><t>after</t></si>' +
      '<si><t>last</t></si></sst>';
    expect(readSharedStrings(xml)).toEqual([
      'plain',
      ' spaced ',
      'a < b\rc',
      'rich text',
      'with phonetic',
      '',
      'prefixed',
      'after',
      'last',
    ]);
  });
});

describe('inflating into one buffer of the declared size', () => {
  const data = Buffer.from('<row>'.repeat(50_000));
  const packed = deflateRawSync(data);

  it('gives the bytes, whole, for the declared size', () => {
    const out = nodeInflateRaw(packed, data.length);
    expect(out).not.toBeNull();
    expect(Buffer.compare(Buffer.from(out!), data)).toBe(0);
    expect(nodeInflateRaw(deflateRawSync(Buffer.alloc(0)), 0)!.length).toBe(0);
  });

  it('stops at the declared size when the data holds more', () => {
    expect(nodeInflateRaw(packed, data.length - 1)).toBeNull();
    expect(nodeInflateRaw(packed, 10)).toBeNull();
  });

  it('gives what there is when the data holds less than declared', () => {
    const out = nodeInflateRaw(packed, data.length + 1000);
    expect(out!.length).toBe(data.length);
  });
});
