/**
 * A sheet written in pieces (head, rows in pieces, tail) is never joined: it must be written as
 * exactly the bytes of its concatenation (the same slices, so the same deflated bytes), and
 * checked as exactly that concatenation would be.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { piecedTextProblem, piecesSound, xmlTextProblem } from '../../sync/xlsx/verify.js';
import {
  contentSum,
  joinText,
  utf8Slices,
  writeZip,
  ZipReader,
  type PiecedText,
} from '../../sync/xlsx/zip.js';
import { fidelityPath } from '../helpers/fidelity.js';
import { seededRandom } from '../helpers/hostile.js';

/** `text` cut at the given positions (sorted, may repeat: empty pieces). */
function cut(text: string, at: number[]): PiecedText {
  const points = [...at].sort((a, b) => a - b);
  const strings: string[] = [];
  let from = 0;
  for (const p of points) {
    strings.push(text.slice(from, p));
    from = p;
  }
  strings.push(text.slice(from));
  if (strings.length === 1) strings.push('');
  return { head: strings[0], body: strings.slice(1, -1), tail: strings[strings.length - 1] };
}

const hex = (slices: Iterable<Buffer>) => [...slices].map((b) => b.toString('hex'));

describe('utf8Slices of text in pieces', () => {
  it('gives the slices of the joined text, whatever falls on a piece or slice boundary', () => {
    const random = seededRandom(7);
    const alphabet = ['a', '<', 'é', '◆', '😀', '\uD83D', '\uDE00', '\uDBFF\uDFFF', '\u0000'];
    for (let run = 0; run < 300; run++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const at = Array.from({ length: Math.floor(random() * 6) }, () =>
        Math.floor(random() * (text.length + 1)),
      );
      const pieces = cut(text, at);
      expect(joinText(pieces)).toBe(text);
      for (let slice = 1; slice <= text.length + 1; slice++) {
        expect(hex(utf8Slices(pieces, slice)), `${JSON.stringify(text)} ${at} ${slice}`).toEqual(
          hex(utf8Slices(text, slice)),
        );
      }
      expect(contentSum(pieces)).toEqual(contentSum(Buffer.from(text, 'utf8')));
    }
  });

  it('writes a large sheet in pieces as the same entry as its joined text', () => {
    const src = ZipReader.open(readFileSync(fidelityPath('xw_full.xlsx')));
    const name = 'xl/worksheets/sheet2.xml';
    const rows = Array.from({ length: 60_000 }, (_, i) => `<!-- row ${i}: £ ◆ 😀 -->`);
    const text = src.readText(name).replace('</worksheet>', `${rows.join('')}</worksheet>`);
    const start = text.indexOf('<!-- row 0');
    const pieces: PiecedText = {
      head: text.slice(0, start),
      // Pieces of uneven length, so slices of the whole text end inside them.
      body: rows.map((r, i) => (i % 3 ? r : r + '')),
      tail: text.slice(start + rows.join('').length),
    };
    expect(joinText(pieces)).toBe(text);
    const a = ZipReader.open(writeZip(src, new Map([[name, text]])));
    const b = ZipReader.open(writeZip(src, new Map([[name, pieces]])));
    const [ea, eb] = [a, b].map((z) => z.entries.find((e) => e.name === name)!);
    expect([eb.size, eb.crc32, eb.compressedSize]).toEqual([ea.size, ea.crc32, ea.compressedSize]);
    expect(b.read(name).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:x14ac="urn:x"><dimension ref="A1:C4"/><sheetData>`;
const TAIL = '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>';
const ROWS = [
  '<row r="1" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t>a &amp; b ◆</t></is></c></row>',
  '<row r="2"><c r="A2"><v>1</v></c><c r="C2" s="3"/></row>',
  '<row r="3"><c r="B3" t="inlineStr"><is><t>😀</t></is></c></row>',
  '<row r="4"/>',
];

describe('piecedTextProblem', () => {
  it('checks a sheet in row pieces without joining it', () => {
    const sheet = { head: HEAD, body: ROWS, tail: TAIL };
    expect(xmlTextProblem(joinText(sheet))).toBeNull();
    expect(piecesSound(sheet)).toBe(true);
    expect(piecedTextProblem(sheet)).toBeNull();
  });

  it.each([
    ['rows out of order across pieces', [ROWS[1], ROWS[0], ROWS[2]]],
    ['a cell outside the grid', [ROWS[0], '<row r="2"><c r="XFE2"/></row>']],
    ['a row left open', [ROWS[0], '<row r="2">', ROWS[2]]],
    ['a row closed in the next piece', [ROWS[0], '<row r="2"><c r="A2"/>', '</row>', ROWS[2]]],
    ['a piece that closes sheetData', [ROWS[0], '</sheetData><sheetData>', ROWS[2]]],
    [
      'a prefix declared on a reopened sheetData',
      [`</sheetData><sheetData xmlns:q="u">`, '<q:x/>'],
    ],
    ['a tag cut in two', [ROWS[0], '<row r="2"><c r=', '"A2"/></row>']],
    [
      'a reference cut in two',
      ['<row r="1"><c r="A1" t="inlineStr"><is><t>&am', 'p;</t></is></c></row>'],
    ],
    [
      'a surrogate pair cut in two',
      ['<row r="1"><c r="A1" t="inlineStr"><is><t>\uD83D', '\uDE00</t></is></c></row>'],
    ],
    ['an XML declaration in a piece', [ROWS[0], '<?xml version="1.0"?>']],
    ['an end tag with no start', [ROWS[0], '</row>']],
    ['an unknown prefix', ['<row r="1" q:a="1"/>']],
  ])('answers as the joined text would: %s', (_what, body) => {
    const sheet = { head: HEAD, body, tail: TAIL };
    expect(piecedTextProblem(sheet)).toBe(xmlTextProblem(joinText(sheet)));
  });

  it('does not check pieces in a context the head does not end in', () => {
    // The prefix q is declared on sheetData: a piece that closes sheetData and opens it again
    // without it leaves the next piece outside it, though that piece is sound on its own.
    const declaring = { head: HEAD.replace('<sheetData>', '<sheetData xmlns:q="u">'), tail: TAIL };
    // (Pieces are checked in groups of some 32K characters: this one fills a group alone.)
    const reopen = '</sheetData><sheetData>' + ' '.repeat(1 << 18);
    const reopened = { ...declaring, body: [reopen, '<row r="1"><q:x/></row>'] };
    expect(xmlTextProblem(joinText(reopened))).toMatch(/undeclared namespace prefix/);
    expect(piecesSound(reopened)).toBe(false);
    expect(piecesSound({ ...declaring, body: ['<row r="1"><q:x/></row>'] })).toBe(true);
    // A head that ends inside a tag: the pieces would go into its attribute value.
    const inTag = {
      head: `${HEAD}<row r="1" spans="`,
      body: ['<row r="2"/>'],
      tail: `"/>${TAIL}`,
    };
    expect(xmlTextProblem(joinText(inTag))).toMatch(/not well-formed/);
    expect(piecesSound(inTag)).toBe(false);
    expect(piecedTextProblem(inTag)).toBe(xmlTextProblem(joinText(inTag)));
  });

  it('checks pieces only between rows: a head that ends inside a value is checked joined', () => {
    // Found by review: the value of a <v> is read from the text after its tag, so a <v> left
    // open by the head would be judged on the tail's text, not on the body it holds.
    for (const [v, body, tail] of [
      ['<v>', ['abc'], '</v>'],
      ['<x:v>', ['abc'], '</x:v>'],
      ['<v>', ['1', 'e', 'x'], '</v>'],
      ['<v>', ['x'], '5</v>'],
    ] as const) {
      const cell = {
        head: `<worksheet xmlns:x="u"><sheetData><row r="1"><c r="A1">${v}`,
        body: [...body],
        tail: `${tail}</c></row></sheetData></worksheet>`,
      };
      expect(xmlTextProblem(joinText(cell))).toMatch(/where a number belongs/);
      expect(piecesSound(cell)).toBe(false);
      expect(piecedTextProblem(cell)).toBe(xmlTextProblem(joinText(cell)));
    }
    const inBoolean = {
      head: '<worksheet><sheetData><row r="1"><c r="A1" t="b"><v>',
      body: ['7'],
      tail: '</v></c></row></sheetData></worksheet>',
    };
    expect(xmlTextProblem(joinText(inBoolean))).not.toBeNull();
    expect(piecesSound(inBoolean)).toBe(false);
    // Between rows, inside a prefixed <x:sheetData>, pieces are checked as pieces.
    const prefixed = {
      head: '<x:worksheet xmlns:x="u"><x:sheetData>',
      body: ['<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'],
      tail: '</x:sheetData></x:worksheet>',
    };
    expect(piecesSound(prefixed)).toBe(true);
  });

  it('answers as the joined text would, wherever it is cut and whatever is broken', () => {
    const random = seededRandom(20201113);
    const whole = HEAD + ROWS.join('') + TAIL;
    const breaks = [
      '<',
      '>',
      '&',
      '/',
      '"',
      '<row r="1">',
      '</row>',
      '</sheetData>',
      '\uD83D',
      ' ',
    ];
    let sound = 0;
    for (let run = 0; run < 3000; run++) {
      let text = whole;
      const edits = Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = HEAD.length + Math.floor(random() * (text.length - HEAD.length - TAIL.length));
        text =
          random() < 0.5
            ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4))
            : text.slice(0, at) + breaks[Math.floor(random() * breaks.length)] + text.slice(at);
      }
      // Cut at the sheetData boundaries (as sheetPieces does) or anywhere.
      const open = text.indexOf('<sheetData>') + '<sheetData>'.length;
      const close = text.lastIndexOf('</sheetData>');
      const at = [open, close >= open ? close : text.length];
      for (let k = Math.floor(random() * 5); k > 0; k--)
        at.push(open + Math.floor(random() * Math.max(0, at[1] - open)));
      const sheet = cut(
        text,
        random() < 0.9 ? at : at.map(() => Math.floor(random() * text.length)),
      );
      if (piecesSound(sheet)) sound++;
      expect(piecedTextProblem(sheet), JSON.stringify(sheet)).toBe(xmlTextProblem(text));
    }
    // The pieces themselves are checked most of the time, not the joined text.
    expect(sound).toBeGreaterThan(500);
  });
});
