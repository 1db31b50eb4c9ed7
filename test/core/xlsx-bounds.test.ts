/**
 * The bounds of reading (issue 7, part 4), unit by unit: inflate limits with both hosts'
 * inflaters, part encodings, cell positions inside the grid, top-level style entries.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw as browserInflateRaw } from '../../addin/inflate.js';
import { rowsWithCells, type SheetData } from '../../core/cells.js';
import { decodePart, encodePart, PartEncodingError } from '../../core/xlsx/part-encoding.js';
import { sectionEntries } from '../../core/xlsx/styles-part.js';
import { readWorksheet, worksheetPositionsProblem } from '../../core/xlsx/worksheet-part.js';
import { firstElement } from '../../core/xlsx/xml-scan.js';
import { crc32, ZipError, ZipLimitError, ZipReader } from '../../core/xlsx/zip-read.js';
import { nodeInflateRaw } from '../../sync/xlsx/zip.js';
import { entryOf, rawZip } from '../helpers/hostile.js';

const MB = 1024 * 1024;

describe('zip entries are inflated within limits, whatever size they declare', () => {
  const zeros = Buffer.alloc(8 * MB);
  const deflated = deflateRawSync(zeros, { level: 1 });

  it.each([
    ['node:zlib', nodeInflateRaw],
    ['fflate (the add-in)', browserInflateRaw],
  ])('%s stops as soon as the output passes the cap', (_name, inflate) => {
    expect(inflate(deflated, 8 * MB)?.length).toBe(8 * MB);
    expect(inflate(deflated, 8 * MB - 1)).toBeNull();
    expect(inflate(deflated, MB)).toBeNull();
  });

  /** A reader over one entry of `data` that declares `size`, counting inflater calls. */
  function reader(size: number, limits = { maxPartBytes: 4 * MB, maxTotalBytes: 6 * MB }) {
    let calls = 0;
    const entry = { ...entryOf('big.xml', zeros), size, crc: crc32(zeros.subarray(0, size)) };
    const zip = ZipReader.open(
      rawZip([entry, entryOf('small.xml', Buffer.alloc(3 * MB))]),
      (data, max) => {
        calls++;
        return nodeInflateRaw(data, max);
      },
      undefined,
      limits,
    );
    return { zip, calls: () => calls };
  }

  it('refuses an entry that declares more than the part limit, without inflating it', () => {
    const { zip, calls } = reader(8 * MB);
    expect(() => zip.read('big.xml')).toThrow(ZipLimitError);
    expect(() => zip.read('big.xml')).toThrow('zip entry big.xml inflates to more than 4 MB');
    expect(calls()).toBe(0);
  });

  it('refuses an entry that inflates past the size it declares', () => {
    const { zip } = reader(1000);
    expect(() => zip.read('big.xml')).toThrow(
      new ZipError(
        'zip entry big.xml is corrupt: it unpacks to more than the 1000 bytes it declares',
      ),
    );
  });

  it('counts what every read inflates against the total', () => {
    const { zip } = reader(8 * MB, { maxPartBytes: 4 * MB, maxTotalBytes: 5 * MB });
    expect(zip.read('small.xml').length).toBe(3 * MB);
    let error: unknown;
    try {
      zip.read('small.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZipLimitError);
    expect((error as ZipLimitError).kind).toBe('total');
  });
});

describe('part encodings', () => {
  const xml = (enc: string) => `<?xml version="1.0" encoding="${enc}"?><a>é ✓ 𝄞</a>`;
  const utf16 = (text: string, le: boolean, bom: boolean) => {
    const body = Buffer.from(text, 'utf16le');
    if (!le) body.swap16();
    return Buffer.concat([
      bom ? Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0),
      body,
    ]);
  };

  it.each([
    ['UTF-8', Buffer.from(xml('UTF-8')), { name: 'utf-8', bom: false }],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('UTF-8'))]),
      { name: 'utf-8', bom: true },
    ],
    ['UTF-16LE with BOM', utf16(xml('UTF-16'), true, true), { name: 'utf-16le', bom: true }],
    ['UTF-16BE with BOM', utf16(xml('UTF-16'), false, true), { name: 'utf-16be', bom: true }],
    ['UTF-16LE without BOM', utf16(xml('UTF-16'), true, false), { name: 'utf-16le', bom: false }],
    ['UTF-16BE without BOM', utf16(xml('UTF-16'), false, false), { name: 'utf-16be', bom: false }],
  ])('%s is read, and written back byte for byte', (_name, bytes, encoding) => {
    const decoded = decodePart(bytes);
    expect(decoded.encoding).toEqual(encoding);
    expect(decoded.text).toContain('<a>é ✓ 𝄞</a>');
    expect(Buffer.from(encodePart(decoded.text, decoded.encoding)).equals(bytes)).toBe(true);
  });

  it('a legacy encoding is read in it and written as UTF-8 with its declaration rewritten', () => {
    const decoded = decodePart(
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>', 'latin1'),
    );
    expect(decoded).toEqual({
      text: '<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>',
      encoding: { name: 'iso-8859-1', bom: false },
    });
    expect(Buffer.from(encodePart(decoded.text, decoded.encoding)).toString('utf8')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><a>café</a>',
    );
  });

  it.each([
    ['says UTF-16, is 8-bit', Buffer.from(xml('UTF-16')), 'it says it is in UTF-16 but is not'],
    [
      'says UTF-8, is UTF-16',
      utf16(xml('UTF-8'), true, true),
      'it says it is in UTF-8 but is written in UTF-16LE',
    ],
    [
      'invalid UTF-8',
      Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]),
      'it is not valid UTF-8 text',
    ],
    [
      'an odd number of UTF-16 bytes',
      utf16(xml('UTF-16'), true, true).subarray(0, 21),
      'it is cut short (an odd number of bytes in UTF-16LE)',
    ],
    [
      'an unknown encoding',
      Buffer.from('<?xml version="1.0" encoding="x-nonsense"?><a/>'),
      'it is in the text encoding "x-nonsense", which cannot be read',
    ],
  ])('%s is refused', (_name, bytes, message) => {
    expect(() => decodePart(bytes)).toThrow(new PartEncodingError(message));
  });
});

describe('cell positions', () => {
  const ctx = { date1904: false, sharedStrings: () => [], numFmtOfStyle: () => undefined };
  const sheet = (rows: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  const read = (rows: string) => () => readWorksheet(sheet(rows), 'Plan', ctx);

  it('places cells without references, or with empty ones, after the previous cell', () => {
    const s = readWorksheet(
      sheet(
        '<row r="2"><c r="B2"><v>1</v></c><c r=""><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>',
      ),
      'Plan',
      ctx,
    );
    expect([
      s.cells[2][2]?.value,
      s.cells[2][3]?.value,
      s.cells[2][4]?.value,
      s.cells[3][1]?.value,
    ]).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['<row r="99999999999999999999"/>', 'it has a row numbered "99999999999999999999", outside'],
    ['<row r="1048577"/>', 'it has a row numbered "1048577", outside'],
    ['<row r="0"/>', 'a row is numbered "0"'],
    ['<row r="-3"/>', 'a row is numbered "-3"'],
    ['<row r="2"/><row r="2"/>', 'row 2 comes after row 2'],
    ['<row r="1"><c r="XFE1"/></row>', 'row 1 has a cell at "XFE1", outside'],
    ['<row r="1"><c r="A2"/></row>', 'cell A2 is inside row 1'],
    ['<row r="1"><c r="B1"/><c r="A1"/></row>', 'cell A1 comes after B1'],
    ['<row r="1"><c r="B1"/><c r="B1"/></row>', 'cell B1 comes after B1'],
    ['<c r="A1"/>', 'a cell ("A1") is outside any row'],
    ['<row r="1"/><c/>', 'a cell is outside any row'],
    ['<row r="1"><c r="1A"/></row>', 'row 1 has a cell named "1A", not a cell reference'],
    [
      `<row r="1">${'<c/>'.repeat(16_385)}</row>`,
      "row 1 has more cells than Excel's 16,384 columns (A to XFD)",
    ],
  ])('%s is refused', (rows, message) => {
    expect(read(rows)).toThrow(`sheet "Plan" is damaged: ${message}`);
    expect(worksheetPositionsProblem(sheet(rows))).toContain(message);
  });

  it.each([
    [
      '<row r="1"><c r="A1" t="s"><v>5</v></c></row>',
      'cell A1 refers to shared string "5", and the workbook has 0',
    ],
    [
      '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>',
      'cell A1 refers to shared string "-1", and the workbook has 0',
    ],
    ['<row r="1"><c r="A1"><v>abc</v></c></row>', 'cell A1 holds "abc" where a number belongs'],
    [
      '<row r="1"><c r="A1" t="b"><v>2</v></c></row>',
      'cell A1 holds "2" where true or false belongs',
    ],
    ['<row r=""/>', 'a row is numbered ""'],
  ])('%s: a value no reader can take is refused', (rows, message) => {
    expect(read(rows)).toThrow(`sheet "Plan" is damaged: ${message}`);
    expect(worksheetPositionsProblem(sheet(rows), 0)).toBe(message);
  });

  it('the last check takes plain values in place and words the rest as the reader does', () => {
    const number = (v: string) => `<row r="1"><c r="A1"><v>${v}</v></c></row>`;
    for (const v of ['45383', '0.65', '-37', '0', '-0.5', '1e5', ' 12 ', '1.', '.5', '0x10', '']) {
      expect(worksheetPositionsProblem(sheet(number(v))), v).toBeNull();
    }
    for (const v of ['-', '--1', '1.2.3', '1-', '12a', '£5']) {
      expect(worksheetPositionsProblem(sheet(number(v))), v).toBe(
        `cell A1 holds "${v}" where a number belongs`,
      );
    }
    const shared = (v: string) => `<row r="1"><c r="A1" t="s"><v>${v}</v></c></row>`;
    expect(worksheetPositionsProblem(sheet(shared('4')), 5)).toBeNull();
    expect(worksheetPositionsProblem(sheet(shared('004')), 5)).toBeNull();
    expect(worksheetPositionsProblem(sheet(shared(' 4 ')), 5)).toBeNull();
    expect(worksheetPositionsProblem(sheet(shared('5')), 5)).toBe(
      'cell A1 refers to shared string "5", and the workbook has 5',
    );
    // Without a count, any shared-string cell passes (the reader checks it against its own).
    expect(worksheetPositionsProblem(sheet(shared('5')))).toBeNull();
  });

  it('the last check also covers the dimension, merged ranges and column ranges', () => {
    const with_ = (head: string, tail = '') =>
      `<worksheet>${head}<sheetData><row r="1"><c r="A1"/></row></sheetData>${tail}</worksheet>`;
    expect(worksheetPositionsProblem(with_('<dimension ref="A1:XFD1048576"/>'))).toBeNull();
    expect(worksheetPositionsProblem(with_('<dimension ref="A1:XFE3"/>'))).toMatch(
      /^<dimension> names "A1:XFE3"/,
    );
    expect(
      worksheetPositionsProblem(
        with_('', '<mergeCells><mergeCell ref="A1:A1048577"/></mergeCells>'),
      ),
    ).toMatch(/^<mergeCell>/);
    expect(worksheetPositionsProblem(with_('<cols><col min="1" max="16385"/></cols>'))).toMatch(
      /^<col> covers columns 1 to 16385/,
    );
  });

  it('walks the rows present, not every row up to the last', () => {
    const cells: SheetData['cells'] = [];
    cells[3] = [];
    cells[1_048_576] = [];
    const s = { cells } as SheetData;
    const started = performance.now();
    expect([...rowsWithCells(s)]).toEqual([3, 1_048_576]);
    expect([...rowsWithCells(s, 4)]).toEqual([1_048_576]);
    expect([...rowsWithCells(s, 1, 10)]).toEqual([3]);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('style entries are the top-level ones', () => {
  const styles =
    '<styleSheet xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><cellXfs count="3">' +
    '<xf numFmtId="1"/>' +
    '<mc:AlternateContent><mc:Choice Requires="x14ac"><xf numFmtId="2" x14ac:a="1"/></mc:Choice><mc:Fallback><xf numFmtId="2"/></mc:Fallback></mc:AlternateContent>' +
    '<xf numFmtId="3"><alignment/></xf></cellXfs></styleSheet>';

  it('counts an mc:AlternateContent once, reading its Choice and copying its Fallback', () => {
    const entries = sectionEntries(styles, firstElement(styles, 'cellXfs')!, 'xf');
    expect(entries).toEqual([
      { read: '<xf numFmtId="1"/>', text: '<xf numFmtId="1"/>' },
      { read: '<xf numFmtId="2" x14ac:a="1"/>', text: '<xf numFmtId="2"/>' },
      { read: '<xf numFmtId="3"><alignment/></xf>', text: '<xf numFmtId="3"><alignment/></xf>' },
    ]);
  });
});
