/**
 * Parts given to writeZip as text are encoded, checked and deflated a slice at a time (a large
 * sheet is never also one Buffer): the bytes written must be exactly the text's UTF-8, whatever
 * characters fall on a slice boundary, and the archive must read back with Python's zipfile.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contentCrc32,
  contentSize,
  contentSum,
  crc32,
  utf8Slices,
  writeZip,
  ZipReader,
} from '../../sync/xlsx/zip.js';
import { verifyPackage } from '../../sync/xlsx/verify.js';
import { fidelityPath } from '../helpers/fidelity.js';

const tmp = mkdtempSync(join(tmpdir(), 'plan-sync-zip-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('text content in writeZip', () => {
  it('slices text into UTF-8 without splitting a character', () => {
    const text = 'a😀bé€😀😀z\u0000x';
    const whole = Buffer.from(text, 'utf8');
    for (let slice = 1; slice <= text.length + 1; slice++) {
      // Each slice is written into the same scratch buffer: copied as it comes.
      const bytes: Buffer[] = [];
      for (const b of utf8Slices(text, slice)) bytes.push(Buffer.from(b));
      expect(Buffer.concat(bytes).equals(whole), `slice ${slice}`).toBe(true);
    }
    expect(contentSize(text)).toBe(whole.length);
    expect(contentCrc32(text)).toBe(crc32(whole));
  });

  it('sums the size and CRC-32 of text over several slices as of its whole UTF-8', () => {
    const text = 'é◆😀<c r="A1"/>'.repeat(200_000); // 3.2 million characters: 4 slices
    const whole = Buffer.from(text, 'utf8');
    expect(contentSum(text)).toEqual({ size: whole.length, crc: crc32(whole) });
    expect(contentSum(whole)).toEqual({ size: whole.length, crc: crc32(whole) });
  });

  it('writes a large text part as its UTF-8, read back by Python zipfile', () => {
    const src = ZipReader.open(readFileSync(fidelityPath('xw_full.xlsx')));
    const name = 'xl/worksheets/sheet2.xml';
    const original = src.readText(name);
    // Over 3 slices of text, with two-, three- and four-byte characters throughout.
    const rows = Array.from(
      { length: 120_000 },
      (_, i) => `<!-- row ${i}: £ € 😀 ${'x'.repeat(i % 7)} -->`,
    ).join('');
    const text = original.replace('</worksheet>', `${rows}</worksheet>`);
    expect(text.length).toBeGreaterThan(3 << 20);
    const out = writeZip(src, new Map([[name, text]]));
    verifyPackage(out, src, new Map([[name, text]]));
    const file = join(tmp, 'text.xlsx');
    writeFileSync(file, out);
    const script =
      'import zipfile,sys,hashlib; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(hashlib.sha256(z.read(sys.argv[2])).hexdigest())';
    const [bad, sha] = execFileSync('/usr/bin/python3', ['-c', script, file, name], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(bad).toBe('None');
    expect(sha).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    // A text that is not what was written is caught.
    expect(() => verifyPackage(out, src, new Map([[name, text + ' ']]))).toThrow(
      /did not read back as written/,
    );
  });
});
