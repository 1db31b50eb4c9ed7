/**
 * The sheet patcher's fast path (rows found and rewritten by string search) must write exactly
 * what the general path (every row split into cells, re-serialised and sorted) writes. A comment
 * inside sheetData sends a sheet down the general path, so each sheet here is patched twice, with
 * and without one, and the results compared; and both are checked against what the rows must hold.
 */
import { describe, expect, it } from 'vitest';
import {
  editSkeleton,
  patchSheet,
  patchSheetParts,
  sameSheet,
  sheetSkeleton,
  sheetText,
  splitSheet,
  type CellBlock,
  type CellUpdate,
  type SheetPatch,
  withStyle,
} from '../../sync/xlsx/sheet-patch.js';
import { setAttrs } from '../../sync/xlsx/xml.js';
import { xmlTextProblem } from '../../sync/xlsx/verify.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const COMMENT = '<!-- general path -->';

function sheetXml(rows: string, p = ''): string {
  const x = p ? ` xmlns:${p.slice(0, -1)}="${NS}"` : ` xmlns="${NS}"`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet${x}><${p}dimension ref="A1:C3"/><${p}sheetData>${rows}</${p}sheetData><${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${p}worksheet>`;
}

/** Patches `xml` on the fast path and, with a comment closing sheetData, on the general one. */
function bothPaths(xml: string, patch: () => SheetPatch): string {
  const fast = patchSheet(xml, patch());
  const closeAt = xml.lastIndexOf('</', xml.indexOf('pageMargins') - 1);
  const slow = patchSheet(xml.slice(0, closeAt) + COMMENT + xml.slice(closeAt), patch());
  expect(slow.replace(COMMENT, '')).toBe(fast);
  expect(xmlTextProblem(fast)).toBeNull();
  return fast;
}

/** A 2-row by 3-column timeline at D2:F3 (area rows 2-3), cells with a style, one with a value. */
function timeline(top = 2): CellBlock {
  return {
    area: { top, left: 4, bottom: top + 1, right: 6 },
    width: 3,
    xf: Int32Array.from([7, 7, -1, 8, -1, 8]),
    values: new Map<number, number | string>([[1, 'Q1 & Q2']]),
  };
}

const recolour: CellUpdate = { kind: 'restyle', restyle: (s) => s + 10 };

function patchOf(over: Partial<SheetPatch> = {}): SheetPatch {
  return { cells: new Map(), clearRanges: [], block: timeline(), ...over };
}

describe('sheet patch fast path', () => {
  it('copies untouched rows as written and merges the timeline into touched ones', () => {
    const rows =
      '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/></row>' +
      '<row r="2" spans="1:5" x14ac:dyDescent="0.25"><c r="A2"><v>1</v></c><c r="C2" s="3" t="str"><v>Amber</v></c><c r="E2" s="4"><v>9</v></c><c r="G2"><v>5</v></c></row>' +
      '<row r="3"><c r="A3"><v>2</v></c></row>' +
      '<row r="5"><c r="A5"><v>3</v></c></row>';
    const xml = sheetXml(rows).replace('<worksheet ', '<worksheet xmlns:x14ac="urn:x14ac" ');
    const out = bothPaths(xml, () => patchOf({ cells: new Map([[2, new Map([[3, recolour]])]]) }));
    // Row 1 is outside the timeline and has no updates: byte for byte.
    expect(out).toContain(
      '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/></row>',
    );
    // Row 2: the RAG cell only restyled, E2 replaced by the timeline, G2 kept after it, spans true.
    expect(out).toContain(
      '<row r="2" spans="1:7" x14ac:dyDescent="0.25"><c r="A2"><v>1</v></c><c r="C2" s="13" t="str"><v>Amber</v></c><c r="D2" s="7"/><c r="E2" s="7" t="inlineStr"><is><t>Q1 &amp; Q2</t></is></c><c r="G2"><v>5</v></c></row>',
    );
    expect(out).toContain(
      '<row r="3"><c r="A3"><v>2</v></c><c r="D3" s="8"/><c r="F3" s="8"/></row>',
    );
    expect(out).toContain('<row r="5"><c r="A5"><v>3</v></c></row>');
  });

  it('writes the same as the general path for rows it hands over', () => {
    const rows = [
      // No r on cells, r on none of the rows: numbered as the reader numbers them.
      '<row><c><v>1</v></c><c s="1"><v>2</v></c></row>',
      // Cells out of order, a lower-case reference, white space and a stray element in the row.
      '<row r="2">\n  <c r="E2"><v>4</v></c>\n  <c r="a2"><v>3</v></c>\n  <extLst/>\n</row>',
      // A cell whose reference names another row, a self-closing row.
      '<row r="3" spans="1:2"><c r="B9"><v>1</v></c></row><row r="4"/>',
      // A formula cell given new text keeps its formula; set and clear updates.
      '<row r="6" spans="1:3"><c r="A6"><f>1+1</f><v>2</v></c><c r="B6" s="5"><v>x</v></c><c r="C6"><v>7</v></c></row>',
      // Pretty-printed rows and an untouched row with odd spacing.
      '<row r="8"  ht="20" ><c r="A8" ><v>8</v></c ></row>',
    ].join('\n');
    const clear: CellUpdate = { kind: 'clear' };
    const set = (value: number | string | null, s: number): CellUpdate => ({
      kind: 'set',
      value,
      s,
    });
    const patch = (): SheetPatch => ({
      cells: new Map<number, Map<number, CellUpdate>>([
        [1, new Map([[2, recolour]])],
        [3, new Map([[1, set('new', 3)]])],
        [4, new Map([[2, set(4, 0)]])],
        [
          6,
          new Map<number, CellUpdate>([
            [1, { kind: 'restyle', restyle: (s) => s + 1, text: 'Red' }],
            [2, clear],
            [3, set(null, 0)],
            [9, set(1.5, 2)],
          ]),
        ],
        [7, new Map([[1, set('made', 0)]])],
      ]),
      clearRanges: [{ top: 8, left: 1, bottom: 8, right: 1 }],
      block: timeline(2),
      rowHeights: new Map([[2, 30]]),
    });
    const out = bothPaths(sheetXml(rows), patch);
    expect(out).toContain('<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="11"><v>2</v></c></row>');
    expect(out).toContain(
      '<row r="2" ht="30" customHeight="1"><c r="A2"><v>3</v></c><c r="D2" s="7"/><c r="E2" s="7" t="inlineStr"><is><t>Q1 &amp; Q2</t></is></c><extLst/></row>',
    );
    expect(out).toContain(
      '<row r="6" spans="1:9"><c r="A6" s="1"><f>1+1</f><v>2</v></c><c r="I6" s="2"><v>1.5</v></c></row>',
    );
    expect(out).toContain('<row r="7"><c r="A7" t="inlineStr"><is><t>made</t></is></c></row>');
    expect(out).toContain('<row r="8"  ht="20"/></sheetData>');
  });

  it('writes timeline rows with and without values, and wide characters, as the general path does', () => {
    // Four stored rows of a 4-column timeline at C2:F5: format 0 (no s), gaps, ◆ and a number.
    const block: CellBlock = {
      area: { top: 2, left: 3, bottom: 5, right: 6 },
      width: 4,
      xf: Int32Array.from([0, 5, 5, -1, 5, -1, 0, 12, -1, -1, -1, -1, 5, 5, 5, 5]),
      values: new Map<number, number | string>([
        [5, '◆'],
        [7, 3],
        [10, '◆'],
      ]),
    };
    const rows =
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Café ◆ ✓</t></is></c></row>' +
      '<row r="3"><c r="A3"><v>1</v></c></row>' +
      '<row r="6"><c r="A6" t="inlineStr"><is><t>€</t></is></c></row>';
    const out = bothPaths(sheetXml(rows), () => ({ cells: new Map(), clearRanges: [], block }));
    expect(out).toContain(
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Café ◆ ✓</t></is></c><c r="C2"/><c r="D2" s="5"/><c r="E2" s="5"/></row>',
    );
    expect(out).toContain(
      '<row r="3"><c r="A3"><v>1</v></c><c r="C3" s="5"/><c r="D3" t="inlineStr"><is><t>◆</t></is></c><c r="E3"/><c r="F3" s="12"><v>3</v></c></row>',
    );
    // Rows 4 and 5 are made: one holding only a value, one with every column.
    expect(out).toContain(
      '<row r="4"><c r="E4" t="inlineStr"><is><t>◆</t></is></c></row><row r="5"><c r="C5" s="5"/><c r="D5" s="5"/><c r="E5" s="5"/><c r="F5" s="5"/></row><row r="6">',
    );
  });

  it('keeps a namespace prefix and a self-closing sheetData', () => {
    const rows = '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>';
    const out = bothPaths(sheetXml(rows, 'x:'), () => patchOf());
    expect(out).toContain(
      '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="D2" s="7"/><x:c r="E2" s="7" t="inlineStr"><x:is><x:t>Q1 &amp; Q2</x:t></x:is></x:c></x:row><x:row r="3"><x:c r="D3" s="8"/><x:c r="F3" s="8"/></x:row>',
    );
    const empty = sheetXml('').replace('<sheetData></sheetData>', '<sheetData/>');
    const drawn = patchSheet(empty, patchOf());
    expect(drawn).toContain('<sheetData><row r="2"><c r="D2" s="7"/>');
    expect(xmlTextProblem(drawn)).toBeNull();
    // Nothing to do: the very same text.
    const none = patchSheetParts(empty, { cells: new Map(), clearRanges: [] });
    expect(sameSheet(splitSheet(empty), none)).toBe(true);
    expect(sheetText(none)).toBe(empty);
  });

  it('edits the skeleton without touching the rows', () => {
    const xml = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>');
    const parts = patchSheetParts(xml, patchOf());
    const skeleton = sheetSkeleton(parts);
    expect(skeleton).not.toContain('<row');
    const edited = editSkeleton(parts, (s) =>
      s.replace('<pageMargins', '<printOptions gridLines="1"/><pageMargins'),
    );
    expect(sheetText(edited)).toBe(
      sheetText(parts).replace('<pageMargins', '<printOptions gridLines="1"/><pageMargins'),
    );
    expect(sameSheet(splitSheet(xml), edited)).toBe(false);
  });
});

describe('withStyle', () => {
  it('writes exactly what setAttrs writes, for tags as Excel writes them and any other', () => {
    const tags = [
      '<c r="A1">',
      '<c r="A1"/>',
      '<c r="A1" s="3">',
      '<c r="A1" s="3" t="s">',
      '<c r="A1" t="s" s="3"/>',
      "<c r='A1' s='3' t='s'>",
      '<x:c r="A1" s="3">',
      '<c r="A1" x:s="4">',
      '<c r="A1"  s="3">',
      '<c r="A1" s = "3">',
      '<c r="A1" s="3" >',
      '<c r="A1" s="3" />',
      '<c\nr="A1"\ts="3">',
      '<c r="A1" s="3" s="4">',
      '<c r="A>1" s="3">',
    ];
    for (const tag of tags)
      for (const s of ['7', null])
        expect(withStyle(tag, s), `${tag} ${s}`).toBe(setAttrs(tag, { s }));
  });
});

describe('a timeline given as style indexes', () => {
  it('writes what the same timeline given as cell formats writes, on both paths', () => {
    const rows =
      '<row r="2"><c r="A2"><v>1</v></c><c r="E2" s="4"><v>9</v></c></row>' +
      '<row r="3"><c r="A3"><v>2</v></c></row>';
    const xml = sheetXml(rows);
    // Styles 0 and 1 are the formats 7 and 8 of timeline(): the same cells, indexed.
    const indexed = (): SheetPatch =>
      patchOf({
        block: {
          ...timeline(),
          xf: Int32Array.from([0, 0, -1, 1, -1, 1]),
          xfOf: Int32Array.from([7, 8]),
        },
      });
    expect(bothPaths(xml, indexed)).toBe(bothPaths(xml, () => patchOf()));
  });
});
