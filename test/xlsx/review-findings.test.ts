/**
 * Review of the sheet-patch fast path and the sliced text deflate: inputs where they go wrong.
 */
import { describe, expect, it } from 'vitest';
import { patchSheet, type SheetPatch } from '../../sync/xlsx/sheet-patch.js';
import { contentSize, utf8Slices, zipFiles, ZipReader } from '../../sync/xlsx/zip.js';
import { firstElement } from '../../core/xlsx/xml-scan.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

describe('utf8Slices', () => {
  it('does not split a surrogate pair that follows a lone high surrogate', () => {
    // U+D83D alone, then U+1F600 (😀) as its pair: the slice end is moved past the lone one,
    // which leaves the pair's high half at the end of the slice and its low half in the next.
    const text = 'a\uD83D\uD83D\uDE00b';
    const whole = Buffer.from(text, 'utf8');
    for (let slice = 1; slice <= text.length + 1; slice++) {
      const bytes: Buffer[] = [];
      for (const b of utf8Slices(text, slice)) bytes.push(Buffer.from(b));
      expect(Buffer.concat(bytes).toString('hex'), `slice ${slice}`).toBe(whole.toString('hex'));
    }
  });

  it('writes a large text part with that at a slice boundary as its UTF-8', () => {
    const text = 'x'.repeat((1 << 20) - 1) + '\uD83D\uD83D\uDE00' + 'tail';
    const zip = ZipReader.open(zipFiles([['a.xml', text]]));
    const e = zip.entries[0];
    expect(e.size).toBe(contentSize(text));
    expect(zip.read('a.xml').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});

describe('sheetData after a processing instruction holding ">"', () => {
  // Well-formed (a PI runs to "?>"), and xmlProblem accepts it.
  const sheet = (extra: string) =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><?app a>b <sheetData/> ?><dimension ref="A1"/><sheetData><row r="2"><c r="A2"><v>1</v></c></row>${extra}</sheetData></worksheet>`;
  const patch = (): SheetPatch => ({
    cells: new Map(),
    clearRanges: [],
    block: {
      area: { top: 2, left: 2, bottom: 2, right: 2 },
      width: 1,
      xf: Int32Array.from([7]),
      values: new Map(),
    },
  });
  const want = `<?app a>b <sheetData/> ?><dimension ref="A1:B2"/><sheetData><row r="2"><c r="A2"><v>1</v></c><c r="B2" s="7"/></row>`;

  it('the reader and the patcher find the same (real) sheetData', () => {
    const xml = sheet('');
    expect(firstElement(xml, 'sheetData')!.start).toBe(xml.lastIndexOf('<sheetData>'));
  });

  it('the fast path patches the real sheetData', () => {
    expect(patchSheet(sheet(''), patch())).toContain(want);
  });

  it('the general path (a comment in sheetData) patches the real sheetData too', () => {
    expect(patchSheet(sheet('<!--c-->'), patch())).toContain(want);
  });
});

describe('a row whose other attribute holds " spans="', () => {
  // The row's true spans is rewritten, not text inside another attribute's value.
  const sheet = (rowTag: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:x="urn:x"><sheetData>${rowTag}<c r="A2"><v>1</v></c></row></sheetData></worksheet>`;
  const patch = (): SheetPatch => ({
    cells: new Map(),
    clearRanges: [],
    block: {
      area: { top: 2, left: 3, bottom: 2, right: 3 },
      width: 1,
      xf: Int32Array.from([7]),
      values: new Map(),
    },
  });

  it('keeps the other attribute as written', () => {
    expect(patchSheet(sheet(`<row r="2" x:note='a spans="1:1"' spans="1:1">`), patch())).toContain(
      `<row r="2" x:note='a spans="1:1"' spans="1:3">`,
    );
    expect(patchSheet(sheet(`<row r="2" x:note="a spans='1:1'" spans="1:1">`), patch())).toContain(
      `<row r="2" x:note="a spans='1:1'" spans="1:3">`,
    );
  });
});
