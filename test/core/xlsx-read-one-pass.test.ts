/**
 * The one-pass sheet reader (`readCheckedWorksheet`: the well-formedness check and the cell
 * reading in one scan) against the two passes it replaces (`xmlProblem`, then `readWorksheet`),
 * on many generated and mutated sheets: cut short, tags swapped, bad characters and references,
 * attributes twice, undeclared prefixes, comments, CDATA and processing instructions among the
 * cells, rows and cells out of order. Whenever the one pass gives a sheet, the two passes give
 * the same sheet; whenever the two passes refuse a sheet, the one pass gives none (the reader then
 * refuses it with the two passes' words).
 */
import { describe, expect, it } from 'vitest';
import type { SheetData } from '../../core/cells.js';
import {
  readCheckedWorksheet,
  readWorksheet,
  worksheetPositionsProblem,
  type CellContext,
} from '../../core/xlsx/worksheet-part.js';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { readCheckedSharedStrings, readSharedStrings } from '../../core/xlsx/shared-strings.js';
import { rootName } from '../../core/xlsx/xml-scan.js';
import { xmlTextProblem } from '../../sync/xlsx/verify.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const SST = ['zero', 'one', 'two', 'three'];
const FORMATS: Record<number, string> = { 2: 'dd/mm/yyyy', 5: '0%' };
const ctx: CellContext = {
  date1904: false,
  sharedStrings: () => SST,
  numFmtOfStyle: (i) => FORMATS[i],
};

type Outcome = { sheet: SheetData } | { refused: string };

/** The two passes: the check, then the general reader. */
function twoPasses(xml: string): Outcome {
  const problem = xmlProblem(xml);
  if (problem) return { refused: problem };
  try {
    return { sheet: readWorksheet(xml, 'Plan', ctx) };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CELLS = [
  '<c r="{c}{r}" s="2"><v>45383</v></c>',
  '<c r="{c}{r}" t="s"><v>{s}</v></c>',
  '<c r="{c}{r}" s="5"><v>0.25</v></c>',
  '<c r="{c}{r}" t="str"><f>A1&amp;"x"</f><v>a &amp; b_x000D_</v></c>',
  '<c r="{c}{r}" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">text</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c>',
  '<c r="{c}{r}" t="inlineStr"><is/></c>',
  '<c r="{c}{r}" t="b"><v>1</v></c>',
  '<c r="{c}{r}" t="e"><v>#N/A</v></c>',
  '<c r="{c}{r}" t="d"><v>2024-01-04</v></c>',
  '<c r="{c}{r}" s="2"/>',
  '<c r="{c}{r}"><v/></c>',
  '<c r="{c}{r}"><v>1</v><v>2</v></c>',
  '<c r="{c}{r}"><f/><v>3</v></c>',
  '<c s="02"><v> 7 </v></c>',
  "<c r='{c}{r}' t='n' ><v >-3</v ></c >",
];

/** Cells the reader refuses: a shared string that is not there, a number that is not one. */
const REFUSED_CELLS = ['<c r="{c}{r}" t="s"><v>9</v></c>', '<c r="{c}{r}"><v>12abc</v></c>'];

/** A sheet of `rows` rows with merges and protection around the cells, in one of a few shapes. */
function generated(next: () => number, rows: number): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  let data = '';
  for (let r = 1; r <= rows; r++) {
    const attrs = pick([
      '',
      ' spans="1:4"',
      ' x14ac:dyDescent="0.25"',
      ' ht="20" customHeight="1"',
    ]);
    const cells = Math.floor(next() * 5);
    if (cells === 0 && next() < 0.5) {
      data += `<row r="${r}"${attrs}/>`;
      continue;
    }
    data += next() < 0.1 ? `<row${attrs}>` : `<row r="${r}"${attrs}>`;
    for (let c = 0; c < cells; c++) {
      data += pick(next() < 0.05 ? REFUSED_CELLS : CELLS)
        .replaceAll('{c}', 'ABCDE'[c])
        .replaceAll('{r}', String(r))
        .replace('{s}', String(Math.floor(next() * SST.length)));
    }
    data += '</row>';
  }
  const protection = pick(['', '<sheetProtection sheet="1"/>', '<sheetProtection sheet="0"/>']);
  const merges = pick(['', '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>']);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="${NS}" xmlns:r="urn:r" xmlns:x14ac="urn:x14ac">` +
    `<dimension ref="A1:E${rows}"/>` +
    pick(['', protection]) +
    `<sheetData>${data}</sheetData>` +
    pick([protection, '<sheetProtection sheet="true"/><sheetProtection sheet="0"/>']) +
    merges +
    `</worksheet>`
  );
}

/** Positions of every '<' in `xml`. */
function tagStarts(xml: string): number[] {
  const out: number[] = [];
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) out.push(i);
  return out;
}

const INSERTS = [
  '<!-- note -->',
  '<![CDATA[x]]>',
  '<?pi x?>',
  '\u0001',
  '\uFFFE',
  '&bogus;',
  '&#0;',
  '&#x41;',
  '<y:c r="A1"/>',
  '<x:c xmlns:x="' + NS + '" r="A9"/>',
  '</row>',
  '<row>',
  '<c/>',
  '<c r="A1"/>',
  '<v>1</v>',
  '<f>1</f>',
  '<is><t>x</t></is>',
  '<sheetData/>',
  '<mergeCell ref="C3:D4"/>',
  '<sheetProtection sheet="1"/>',
  '<extLst/>',
  ' ',
  'text',
  '<',
  '>',
  '"',
];

/** One random change to a sheet's text. */
function mutated(xml: string, next: () => number): string {
  const starts = tagStarts(xml);
  const at = () => starts[Math.floor(next() * starts.length)];
  const anywhere = () => Math.floor(next() * xml.length);
  switch (Math.floor(next() * 9)) {
    case 0: // cut short
      return xml.slice(0, anywhere());
    case 1: {
      // two tags (or rows, or cells) swapped
      const a = at();
      const b = at();
      const [p, q] = a < b ? [a, b] : [b, a];
      const pe = xml.indexOf('>', p) + 1;
      const qe = xml.indexOf('>', q) + 1;
      if (pe <= 0 || qe <= 0 || pe > q) return xml;
      return (
        xml.slice(0, p) + xml.slice(q, qe) + xml.slice(pe, q) + xml.slice(p, pe) + xml.slice(qe)
      );
    }
    case 2: {
      // something inserted where a tag starts
      const p = at();
      return xml.slice(0, p) + INSERTS[Math.floor(next() * INSERTS.length)] + xml.slice(p);
    }
    case 3: {
      // something inserted anywhere
      const p = anywhere();
      return xml.slice(0, p) + INSERTS[Math.floor(next() * INSERTS.length)] + xml.slice(p);
    }
    case 4: {
      // an attribute twice, or an undeclared prefix on one
      const p = xml.indexOf(' r="', anywhere());
      if (p < 0) return xml;
      return xml.slice(0, p) + (next() < 0.5 ? ' r="A1"' : ' q:r="1"') + xml.slice(p);
    }
    case 5: {
      // one character deleted
      const p = anywhere();
      return xml.slice(0, p) + xml.slice(p + 1);
    }
    case 6: {
      // a reference or a row number changed
      const p = xml.indexOf('r="', anywhere());
      if (p < 0) return xml;
      const v = ['A1', 'B7', '3', 'ZZZ1', 'XFE1', '0', '$C$2', ' D4 ', ''][Math.floor(next() * 9)];
      return xml.slice(0, p + 3) + v + xml.slice(xml.indexOf('"', p + 3));
    }
    case 7: {
      // rows exchanged (out of order)
      const rows = [...xml.matchAll(/<row[ >][\s\S]*?<\/row>/g)];
      if (rows.length < 2) return xml;
      const a = rows[Math.floor(next() * rows.length)];
      const b = rows[Math.floor(next() * rows.length)];
      if (a.index === b.index) return xml;
      const [x, y] = a.index < b.index ? [a, b] : [b, a];
      const xe = x.index + x[0].length;
      if (xe > y.index) return xml;
      return (
        xml.slice(0, x.index) +
        y[0] +
        xml.slice(xe, y.index) +
        x[0] +
        xml.slice(y.index + y[0].length)
      );
    }
    default: {
      // a tag's name given a prefix (declared or not)
      const p = at();
      const c = xml.charCodeAt(p + 1);
      if (c === 33 || c === 63) return xml;
      const slash = c === 47 ? 1 : 0;
      const prefix = next() < 0.5 ? 'x:' : 'r:';
      return xml.slice(0, p + 1 + slash) + prefix + xml.slice(p + 1 + slash);
    }
  }
}

describe('one pass against two passes', () => {
  it('reads every sheet the two passes read, identically, and refuses every sheet they refuse', () => {
    const next = random(9);
    let read = 0;
    let refused = 0;
    let unusual = 0;
    for (let n = 0; n < 3000; n++) {
      let xml = generated(next, 1 + Math.floor(next() * 6));
      const changes = Math.floor(next() * 3);
      for (let k = 0; k < changes; k++) xml = mutated(xml, next);
      const old = twoPasses(xml);
      const one = readCheckedWorksheet(xml, 'Plan', ctx);
      if ('refused' in old) {
        expect(one, xml).toBeNull();
        refused++;
      } else if (one) {
        expect(one, xml).toEqual(old.sheet);
        read++;
      } else unusual++; // left to the two passes, which read it
    }
    // Every kind of outcome is met often, and the one pass reads most sheets the two passes read.
    expect(refused).toBeGreaterThan(1000);
    expect(read).toBeGreaterThan(600);
    expect(read).toBeGreaterThan(unusual);
  });

  it('reads the shapes it knows without the two passes', () => {
    const next = random(4);
    for (let n = 0; n < 50; n++) {
      const xml = generated(next, 8);
      const old = twoPasses(xml);
      if (!('sheet' in old)) continue; // a generated cell may hold a value Excel refuses
      expect(readCheckedWorksheet(xml, 'Plan', ctx)).toEqual(old.sheet);
    }
  });

  it.each([
    [
      'a prefixed cell',
      `<sheetData><row r="1"><x:c xmlns:x="${NS}" r="A1"><x:v>1</x:v></x:c></row></sheetData>`,
    ],
    [
      'a comment among the cells',
      '<sheetData><row r="1"><!-- c --><c r="A1"><v>1</v></c></row></sheetData>',
    ],
    [
      'rows inside another element',
      '<sheetData><g><row r="1"><c r="A1"><v>1</v></c></row></g></sheetData>',
    ],
    [
      'an element inside a value',
      '<sheetData><row r="1"><c r="A1" t="str"><v>1<b/></v></c></row></sheetData>',
    ],
    [
      'a second sheetData',
      '<sheetData/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
    ],
    [
      'a merged range with content',
      '<sheetData/><mergeCells><mergeCell ref="A1:B2"></mergeCell></mergeCells>',
    ],
  ])('leaves %s to the two passes, which read it', (_, body) => {
    const xml = `<worksheet xmlns="${NS}">${body}</worksheet>`;
    expect(readCheckedWorksheet(xml, 'Plan', ctx)).toBeNull();
    expect(twoPasses(xml)).toHaveProperty('sheet');
  });
});

describe('the check before writing, in one pass', () => {
  /** The two passes it replaces: well-formed, then (for a worksheet) rows and cells in place. */
  function twoChecks(xml: string): string | null {
    const problem = xmlProblem(xml);
    if (problem) return `it is not well-formed XML: ${problem}`;
    return rootName(xml)?.local === 'worksheet' ? worksheetPositionsProblem(xml) : null;
  }

  it('finds the problem the two passes find, on every mutated sheet', () => {
    const next = random(11);
    const outcomes = new Set<string>();
    for (let n = 0; n < 3000; n++) {
      let xml = generated(next, 1 + Math.floor(next() * 6));
      const changes = Math.floor(next() * 3);
      for (let k = 0; k < changes; k++) xml = mutated(xml, next);
      if (next() < 0.1) xml = xml.replace(/worksheet/g, 'chartsheet');
      const problem = twoChecks(xml);
      expect(xmlTextProblem(xml), xml).toBe(problem);
      outcomes.add(problem === null ? 'sound' : problem.split(' ').slice(0, 4).join(' '));
    }
    expect(outcomes.size).toBeGreaterThan(20);
  });
});

describe('shared strings in one pass', () => {
  const ITEMS = [
    '<si><t>plain</t></si>',
    '<si><t xml:space="preserve"> spaced </t></si>',
    '<si><t>a &lt; b_x000D_c</t></si>',
    '<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>',
    '<si><t>with phonetic</t><rPh sb="0" eb="1"><t>ふ</t></rPh></si>',
    '<si><t/></si>',
    '<si/>',
    '<si></si>',
    '<si><t>one</t><t>two</t></si>',
    '<si><t>a<!-- c -->b</t></si>',
    '<si><t><![CDATA[x<y]]></t></si>',
    '<si><x:t xmlns:x="urn:x">prefixed</x:t></si>',
    '<si> <t>spaces around</t> </si>',
    '<!-- <si><t>in a comment</t></si> -->',
    '\n  ',
  ];

  it('reads what the check and the general reader read, and nothing they refuse', () => {
    const next = random(5);
    let read = 0;
    let refused = 0;
    for (let n = 0; n < 2000; n++) {
      let items = '';
      for (let k = Math.floor(next() * 8); k > 0; k--) {
        items += ITEMS[Math.floor(next() * ITEMS.length)];
      }
      let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${NS}">${items}</sst>`;
      for (let k = Math.floor(next() * 3); k > 0; k--) xml = mutated(xml, next);
      const one = readCheckedSharedStrings(xml);
      if (xmlProblem(xml)) {
        expect(one, xml).toBeNull();
        refused++;
      } else if (one) {
        expect(one, xml).toEqual(readSharedStrings(xml));
        read++;
      }
    }
    expect(read).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
