import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  crc32,
  tableCrc32,
  writeZip,
  ZipError,
  ZipReader,
  type ZipEntry,
} from '../../sync/xlsx/zip.js';
import { FIDELITY_FILES, fidelityPath, type FidelityFile } from '../helpers/fidelity.js';

const PYTHON = '/usr/bin/python3';

const tmp = mkdtempSync(join(tmpdir(), 'plan-sync-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixture(name: FidelityFile): Buffer {
  return readFileSync(fidelityPath(name));
}

let tmpCount = 0;
/** Runs Python's zipfile on the archive; returns what the script prints. */
function python(buf: Buffer, script: string): string {
  const file = join(tmp, `z${tmpCount++}.zip`);
  writeFileSync(file, buf);
  return execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }).trim();
}
const TESTZIP = 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip())';

/** The whole local record of an entry (header, name, extra, data, descriptor), computed independently. */
function localRecord(buf: Buffer, e: ZipEntry): Buffer {
  const off = e.localHeaderOffset;
  expect(buf.readUInt32LE(off)).toBe(0x04034b50);
  const n = buf.readUInt16LE(off + 26);
  const x = buf.readUInt16LE(off + 28);
  let end = off + 30 + n + x + e.compressedSize;
  if (buf.readUInt16LE(off + 6) & 8) end += buf.readUInt32LE(end) === 0x08074b50 ? 16 : 12;
  return buf.subarray(off, end);
}

interface RawEntry {
  name: string;
  data: Buffer;
  method?: 0 | 8;
  descriptor?: 'none' | 'signed' | 'unsigned';
  extra?: Buffer;
  comment?: string;
}

/** A tiny zip writer for hand-made test archives (independent of the code under test). */
function buildZip(entries: RawEntry[], archiveComment = ''): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const extra = e.extra ?? Buffer.alloc(0);
    const comment = Buffer.from(e.comment ?? '', 'utf8');
    const descriptor = e.descriptor ?? 'none';
    const flags =
      (descriptor === 'none' ? 0 : 8) | (Buffer.byteLength(e.name) === e.name.length ? 0 : 0x800);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x6000, 10);
    local.writeUInt16LE(0x5821, 12);
    if (descriptor === 'none') {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(e.data.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const record = [local, name, extra, body];
    if (descriptor !== 'none') {
      const dd = Buffer.alloc(descriptor === 'signed' ? 16 : 12);
      let p = 0;
      if (descriptor === 'signed') {
        dd.writeUInt32LE(0x08074b50, 0);
        p = 4;
      }
      dd.writeUInt32LE(crc, p);
      dd.writeUInt32LE(body.length, p + 4);
      dd.writeUInt32LE(e.data.length, p + 8);
      record.push(dd);
    }
    const rec = Buffer.concat(record);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(0x031e, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(0x6000, 12);
    c.writeUInt16LE(0x5821, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt16LE(comment.length, 32);
    c.writeUInt32LE(0x81a40000, 38);
    c.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([c, name, extra, comment]));
    parts.push(rec);
    offset += rec.length;
  }
  const cd = Buffer.concat(central);
  const ac = Buffer.from(archiveComment, 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(ac.length, 20);
  return Buffer.concat([...parts, cd, eocd, ac]);
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('gives the same result natively and from the table, also when continued', () => {
    const data = Buffer.alloc(70_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    expect(tableCrc32(data)).toBe(crc32(data));
    expect(tableCrc32(data.subarray(1000), tableCrc32(data.subarray(0, 1000)))).toBe(crc32(data));
    expect(crc32(data.subarray(1000), crc32(data.subarray(0, 1000)))).toBe(crc32(data));
  });
});

describe('ZipReader', () => {
  it('lists the entries of a fixture in central-directory order and inflates them', () => {
    const zip = ZipReader.open(fixture('xw_full.xlsx'));
    expect(zip.entries[0].name).toBe('[Content_Types].xml');
    expect(zip.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(zip.entries).toHaveLength(33);
    expect(zip.has('xl/workbook.xml')).toBe(true);
    expect(zip.has('xl/nope.xml')).toBe(false);
    const wb = zip.readText('xl/workbook.xml');
    expect(wb).toMatch(/^<\?xml/);
    expect(wb).toContain('<sheet name="Plan"');
    const png = zip.read('xl/media/image1.png');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('reads LibreOffice archives, whose entries all have signed data descriptors', () => {
    const buf = fixture('lo_pivot_ext.xlsx');
    const zip = ZipReader.open(buf);
    expect(zip.entries.every((e) => (e.flags & 0x0808) === 0x0808)).toBe(true);
    const first = zip.entries[0];
    // Sizes and CRC are zero in the local header: they live in the descriptor.
    expect(buf.readUInt32LE(first.localHeaderOffset + 14)).toBe(0);
    expect(zip.readText('xl/workbook.xml')).toContain('<sheet name="Data"');
  });

  it('removes a UTF-8 byte-order mark in readText', () => {
    const zip = ZipReader.open(
      buildZip([{ name: 'a.xml', data: Buffer.from('\ufeff<a>é</a>', 'utf8') }]),
    );
    expect(zip.readText('a.xml')).toBe('<a>é</a>');
    expect(zip.read('a.xml')[0]).toBe(0xef);
  });

  it('finds the end record behind an archive comment', () => {
    const zip = ZipReader.open(
      buildZip(
        [{ name: 'x.txt', data: Buffer.from('hello') }],
        'a comment PK\x05\x06 with a fake signature',
      ),
    );
    expect(zip.readText('x.txt')).toBe('hello');
    expect(zip.comment.toString()).toContain('a comment');
  });

  it('rejects what it cannot read', () => {
    expect(() => ZipReader.open(Buffer.alloc(0))).toThrow(new ZipError('not a zip file'));
    expect(() => ZipReader.open(Buffer.from('hello, world, this is not a zip archive'))).toThrow(
      'not a zip file',
    );
    // A local header signature but no end record.
    expect(() => ZipReader.open(fixture('xw_full.xlsx').subarray(0, 5000))).toThrow(
      'not a zip file',
    );

    const zip64 = buildZip([{ name: 'a', data: Buffer.from('a') }]);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 8);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    expect(() => ZipReader.open(zip64)).toThrow('zip64 archives are not supported');

    const enc = buildZip([{ name: 'a', data: Buffer.from('a') }]);
    const cd = enc.readUInt32LE(enc.length - 22 + 16);
    enc.writeUInt16LE(1, cd + 8); // encrypted flag in the central directory
    expect(() => ZipReader.open(enc)).toThrow('encrypted zip entries are not supported');
  });

  it('throws ZipError for a missing entry or a CRC mismatch', () => {
    const buf = buildZip([{ name: 'a.txt', data: Buffer.from('abcdef'), method: 0 }]);
    const zip = ZipReader.open(buf);
    expect(() => zip.read('b.txt')).toThrow(ZipError);
    const bad = Buffer.from(buf);
    bad[30 + 'a.txt'.length] ^= 0xff; // first data byte
    const badZip = ZipReader.open(bad);
    expect(() => badZip.read('a.txt')).toThrow(/CRC/);
    expect(() => badZip.read('a.txt')).toThrow(ZipError);
  });
});

describe('writeZip', () => {
  it.each(FIDELITY_FILES)('round-trips %s unchanged, byte for byte', (file) => {
    const buf = fixture(file);
    const src = ZipReader.open(buf);
    const out = writeZip(src, new Map());
    const back = ZipReader.open(out);
    expect(back.entries.map((e) => e.name)).toEqual(src.entries.map((e) => e.name));
    src.entries.forEach((e, i) => {
      expect(back.read(e.name).equals(src.read(e.name))).toBe(true);
      expect(localRecord(out, back.entries[i]).equals(localRecord(buf, e))).toBe(true);
    });
    // The fixtures are tightly packed, so the whole archive comes back identical.
    expect(out.equals(buf)).toBe(true);
  });

  it('changes only the changed entry', () => {
    const buf = fixture('xw_full.xlsx');
    const src = ZipReader.open(buf);
    const name = 'xl/worksheets/sheet2.xml';
    const newXml = Buffer.from(src.readText(name).replace('<v>18</v>', '<v>12</v>'), 'utf8');
    const out = writeZip(src, new Map([[name, newXml]]));
    const back = ZipReader.open(out);
    expect(back.entries.map((e) => e.name)).toEqual(src.entries.map((e) => e.name));
    src.entries.forEach((e, i) => {
      const b = back.entries[i];
      if (e.name === name) {
        expect(back.read(name).equals(newXml)).toBe(true);
        expect(b.crc32).toBe(crc32(newXml));
        expect(b.method).toBe(8);
        expect(b.size).toBe(newXml.length);
      } else {
        expect(localRecord(out, b).equals(localRecord(buf, e))).toBe(true);
        expect(back.read(e.name).equals(src.read(e.name))).toBe(true);
      }
    });
    // Central-directory fields of an unchanged entry survive (external attributes, version made by).
    const cdOf = (z: Buffer) => z.readUInt32LE(z.length - 22 + 16);
    const origCd = buf.subarray(cdOf(buf), cdOf(buf) + 46);
    const newCd = out.subarray(cdOf(out), cdOf(out) + 46);
    expect(newCd.equals(origCd)).toBe(true); // first entry is unchanged and still at offset 0
  });

  it('changes an entry of an archive with data descriptors and keeps the others intact', () => {
    const buf = fixture('lo_pivot_ext.xlsx');
    const src = ZipReader.open(buf);
    const name = 'xl/worksheets/sheet1.xml';
    const changed = Buffer.from(src.readText(name).replace('<v>100</v>', '<v>101</v>'));
    const out = writeZip(src, new Map([[name, changed]]));
    const back = ZipReader.open(out);
    src.entries.forEach((e, i) => {
      const b = back.entries[i];
      if (e.name === name) {
        expect(b.flags & 8).toBe(0);
        expect(b.flags & 0x800).toBe(0x800); // the UTF-8 flag of the original is kept
        expect(back.read(name).equals(changed)).toBe(true);
      } else {
        expect(b.flags).toBe(e.flags);
        expect(localRecord(out, b).equals(localRecord(buf, e))).toBe(true);
      }
    });
    expect(python(out, TESTZIP)).toBe('None');
  });

  it('removes and adds entries', () => {
    const buf = fixture('xw_full.xlsx');
    const src = ZipReader.open(buf);
    const added: Array<[string, Buffer]> = [
      ['xl/worksheets/sheet9.xml', Buffer.from('<worksheet/>')],
      ['customXml/données é.xml', Buffer.from('<x>é</x>')],
      ['empty.bin', Buffer.alloc(0)],
    ];
    const out = writeZip(
      src,
      new Map([
        ['docProps/custom.xml', null],
        ['not/there.xml', null],
      ]),
      added,
    );
    const back = ZipReader.open(out);
    const expected = src.entries.map((e) => e.name).filter((n) => n !== 'docProps/custom.xml');
    expect(back.entries.map((e) => e.name)).toEqual([...expected, ...added.map(([n]) => n)]);
    expect(back.has('docProps/custom.xml')).toBe(false);
    for (const [n, data] of added) expect(back.read(n).equals(data)).toBe(true);
    const accented = back.entries.find((e) => e.name === 'customXml/données é.xml');
    expect(accented?.flags).toBe(0x800);
    expect(back.entries.find((e) => e.name === 'empty.bin')?.flags).toBe(0);
    for (const e of back.entries.slice(-3)) expect(e.method).toBe(8);
    expect(python(out, TESTZIP)).toBe('None');
    const names = JSON.parse(
      python(
        out,
        'import zipfile,sys,json; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))',
      ),
    ) as string[];
    expect(names).toContain('customXml/données é.xml');
    expect(names).not.toContain('docProps/custom.xml');
  });

  it('refuses to change a missing entry or to add a duplicate', () => {
    const src = ZipReader.open(fixture('ext_source.xlsx'));
    expect(() => writeZip(src, new Map([['nope.xml', Buffer.from('x')]]))).toThrow(ZipError);
    expect(() => writeZip(src, new Map(), [['xl/workbook.xml', Buffer.from('x')]])).toThrow(
      ZipError,
    );
    // Replacing by removal and addition is fine.
    const out = writeZip(src, new Map([['xl/workbook.xml', null]]), [
      ['xl/workbook.xml', Buffer.from('x')],
    ]);
    expect(ZipReader.open(out).readText('xl/workbook.xml')).toBe('x');
  });

  it('copies hand-made entries with and without descriptor signatures, extras and comments', () => {
    const extra = Buffer.from([0xfe, 0xca, 0x04, 0x00, 1, 2, 3, 4]); // a private extra field
    const entries: RawEntry[] = [
      { name: 'stored.txt', data: Buffer.from('stored text'), method: 0 },
      { name: 'dd-unsigned.xml', data: Buffer.from('<a>'.repeat(100)), descriptor: 'unsigned' },
      { name: 'dd-signed.xml', data: Buffer.from('<b>'.repeat(100)), descriptor: 'signed' },
      {
        name: 'dd-stored.txt',
        data: Buffer.from('stored with a descriptor'),
        method: 0,
        descriptor: 'unsigned',
        extra,
        comment: 'entry comment',
      },
      { name: 'last.xml', data: Buffer.from('<last/>'), descriptor: 'signed' },
    ];
    const buf = buildZip(entries, 'archive comment');
    const src = ZipReader.open(buf);
    for (const e of entries) expect(src.read(e.name).equals(e.data)).toBe(true);

    const same = writeZip(src, new Map());
    expect(same.equals(buf)).toBe(true);

    const out = writeZip(src, new Map([['dd-unsigned.xml', Buffer.from('<changed/>')]]), [
      ['new.txt', Buffer.from('new')],
    ]);
    const back = ZipReader.open(out);
    expect(back.readText('dd-unsigned.xml')).toBe('<changed/>');
    expect(back.readText('new.txt')).toBe('new');
    for (const e of entries.filter((x) => x.name !== 'dd-unsigned.xml')) {
      const a = src.entries.find((x) => x.name === e.name) as ZipEntry;
      const b = back.entries.find((x) => x.name === e.name) as ZipEntry;
      expect(localRecord(out, b).equals(localRecord(buf, a))).toBe(true);
      expect(back.read(e.name).equals(e.data)).toBe(true);
    }
    expect(back.comment.toString()).toBe('archive comment');
    expect(python(buf, TESTZIP)).toBe('None');
    expect(python(out, TESTZIP)).toBe('None');
    const info = python(
      out,
      'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); i=z.getinfo("dd-stored.txt"); print(z.comment.decode(), "|", i.comment.decode(), "|", i.extra.hex())',
    );
    expect(info).toBe(`archive comment | entry comment | ${extra.toString('hex')}`);
  });

  it('writes archives that Python zipfile verifies, for every fixture', () => {
    for (const file of FIDELITY_FILES) {
      const src = ZipReader.open(fixture(file));
      const first = src.entries.find((e) => e.name.endsWith('.xml')) as ZipEntry;
      const out = writeZip(src, new Map([[first.name, Buffer.from('<changed/>')]]), [
        ['added/part.xml', Buffer.from('<added/>')],
      ]);
      expect(python(out, TESTZIP), file).toBe('None');
    }
  });
});
