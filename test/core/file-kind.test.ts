import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { notAWorkbookReason, sniffFileKind } from '../../core/xlsx/file-kind.js';
import { WorkbookReadError, XlsxPackage } from '../../core/xlsx/workbook-read.js';
import { inflateRaw } from '../../addin/inflate.js';

const text = (s: string) => new TextEncoder().encode(s);

/** A compound file (the container of .xls and encrypted .xlsx) naming one stream in UTF-16. */
function compound(stream: string): Uint8Array {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  [...stream].forEach((c, i) => (bytes[1024 + 2 * i] = c.charCodeAt(0)));
  return bytes;
}

describe('sniffFileKind', () => {
  it('tells CSV from other text by its separators, whatever the name', () => {
    expect(sniffFileKind(text('ID,Task,Start\n1,Plan,2020-10-01\n'), 'plan.xlsx')).toBe('csv');
    expect(sniffFileKind(text('Item;2020-21\r\nA;1\r\n'), 'x')).toBe('csv');
    expect(sniffFileKind(text('Item\t2020-21\nA\t1\n'), 'x.txt')).toBe('csv');
    expect(sniffFileKind(text('\uFEFFa,b\n1,2\n'), 'x')).toBe('csv');
    expect(sniffFileKind(text('Dear team,\nplease see the plan.\nThanks\n'), 'notes.txt')).toBe(
      'text',
    );
    // The name breaks the tie: a one-column CSV has no separator.
    expect(sniffFileKind(text('Item\nA\n'), 'items.csv')).toBe('csv');
  });

  it('reads UTF-16 text, with or without a BOM', () => {
    const utf16 = (s: string, bom: boolean) => {
      const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
      if (bom) out.set([0xff, 0xfe]);
      [...s].forEach((c, i) => (out[(bom ? 2 : 0) + 2 * i] = c.charCodeAt(0)));
      return out;
    };
    expect(sniffFileKind(utf16('a\tb\n1\t2\n', true))).toBe('csv');
    expect(sniffFileKind(utf16('a\tb\n1\t2\n', false))).toBe('csv');
  });

  it('knows web pages and Excel 2003 XML saved with a spreadsheet name', () => {
    expect(sniffFileKind(text('<!DOCTYPE html><html><table><tr><td>1</td></tr></table>'))).toBe(
      'html',
    );
    expect(sniffFileKind(text('  <table border=1><tr><td>1</td></tr></table>'))).toBe('html');
    expect(
      sniffFileKind(
        text(
          '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        ),
      ),
    ).toBe('xml-spreadsheet');
  });

  it('opens compound files far enough to tell .xls from a password-protected workbook', () => {
    expect(sniffFileKind(compound('Workbook'))).toBe('xls');
    expect(sniffFileKind(compound('Book'))).toBe('xls');
    expect(sniffFileKind(compound('EncryptionInfo'))).toBe('encrypted');
    expect(sniffFileKind(compound('WordDocument'))).toBe('ole');
  });

  it('looks inside zips without inflating them', () => {
    const ods = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8('<office:document-content/>'),
    });
    expect(sniffFileKind(ods)).toBe('ods');
    expect(sniffFileKind(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).toBe('docx');
    expect(sniffFileKind(zipSync({ 'ppt/presentation.xml': strToU8('<p/>') }))).toBe('pptx');
    expect(sniffFileKind(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toBe('xlsx');
    expect(sniffFileKind(zipSync({ 'photo.jpg': strToU8('jpeg') }))).toBe('zip');
  });

  it('knows PDFs, empty files and binary junk', () => {
    expect(sniffFileKind(text('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('pdf');
    expect(sniffFileKind(new Uint8Array(0))).toBe('empty');
    expect(sniffFileKind(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).toBe(
      'binary',
    );
  });
});

describe('opening something that is not a workbook', () => {
  const open = (bytes: Uint8Array) => () => XlsxPackage.open(bytes, inflateRaw);

  it('says what it is and what to do, with the kind for the host', () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [
        text('ID,Task\n1,Plan\n'),
        'csv',
        /^this is a CSV file, not an Excel workbook; open it in Excel and save it as Excel Workbook \(\.xlsx\)$/,
      ],
      [
        compound('Workbook'),
        'xls',
        /old Excel 97-2003 workbook \(\.xls\); open it in Excel and save it as Excel Workbook \(\.xlsx\)$/,
      ],
      [compound('EncryptionInfo'), 'encrypted', /password to open/],
      [
        zipSync({
          mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
        }),
        'ods',
        /OpenDocument spreadsheet \(\.ods\); save it as Excel Workbook \(\.xlsx\)/,
      ],
      [zipSync({ 'word/document.xml': strToU8('<w:document/>') }), 'docx', /Word document/],
      [text('%PDF-1.4\n'), 'pdf', /PDF/],
      [new Uint8Array(0), 'empty', /empty/],
    ];
    for (const [bytes, kind, message] of cases) {
      let error: unknown;
      try {
        open(bytes)();
      } catch (e) {
        error = e;
      }
      expect(error, kind).toBeInstanceOf(WorkbookReadError);
      expect((error as WorkbookReadError).kind).toBe(kind);
      expect((error as WorkbookReadError).message).toMatch(message);
      expect((error as WorkbookReadError).message).toBe(notAWorkbookReason(kind as never));
    }
  });
});
