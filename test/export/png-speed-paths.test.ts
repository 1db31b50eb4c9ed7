/**
 * The PNG export's speed-ups draw the same pixels: a page as its own SVG (no nested `<svg>`) and
 * the fonts with only the outlines the text needs, each rendered by resvg next to the full way and
 * compared pixel by pixel; and the slide deck's native zip reads back in Python's zip reader.
 */
import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { BoardDocument, Page, Shape } from '../../core/board/drawing.js';
import { boardSvg, pageSvg } from '../../core/board/svg.js';
import { boardFonts } from '../../sync/export/fonts.js';
import { trimFont } from '../../sync/export/font-trim.js';
import { zipFiles } from '../../sync/xlsx/zip.js';
import { runPython } from '../helpers/python.js';

const TEXTS = [
  'Sign off payroll interfaces (5.5)',
  'Ŵyl Dewi – Caerdydd: ŵ ŷ ẁ ẃ ẅ £1,250 €3 → ✓ “quoted” fiord ﬁ',
  'ÆØÅ æøå ß Ğ İ ı Ł ł Œ œ Š š Ž ž — … ‰ ′ ″ ½ ¾ № ™',
  'Ελληνικά Кириллица',
];

function page(): Page {
  const shapes: Shape[] = [
    { kind: 'rect', role: 'background', x: 0, y: 0, w: 480, h: 270, fill: 'FFFFFF', stroke: null },
    {
      kind: 'rect',
      role: 'bar',
      x: 20,
      y: 180,
      w: 200,
      h: 14,
      fill: 'FFDD00',
      stroke: '0B0C0C',
      hatch: 'D4351C',
      title: 'A bar',
    },
    {
      kind: 'diamond',
      role: 'milestone',
      cx: 300,
      cy: 190,
      r: 7,
      fill: '1D70B8',
      stroke: '0B0C0C',
      strokeWidth: 1,
    },
    {
      kind: 'line',
      role: 'grid',
      x1: 20,
      y1: 210,
      x2: 460,
      y2: 210,
      stroke: '505A5F',
      width: 0.75,
      dash: true,
    },
    ...TEXTS.map((text, i): Shape => ({
      kind: 'text',
      role: 'label',
      x: 20,
      y: 30 + i * 30,
      size: 11,
      color: '0B0C0C',
      anchor: 'start',
      bold: i % 2 === 1,
      text,
    })),
  ];
  return { width: 480, height: 270, shapes } as Page;
}

const doc = (p: Page): BoardDocument =>
  ({ title: 'Board', description: 'A test page', lang: 'en-GB', pages: [p] }) as BoardDocument;

function pixels(svg: string, regular: string, bold: string): Uint8Array {
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: 1920 },
    background: '#FFFFFF',
    font: {
      loadSystemFonts: false,
      fontFiles: [regular, bold],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  }).render();
  return new Uint8Array(image.pixels);
}

function differing(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('PNG pages drawn the fast way', () => {
  const p = page();
  const fonts = boardFonts();

  it('a page as its own SVG draws the same pixels as the page inside the document SVG', () => {
    const nested = pixels(boardSvg(doc(p), [p]), fonts.regular, fonts.bold);
    const flat = pixels(pageSvg(doc(p), p), fonts.regular, fonts.bold);
    // Something is drawn (not a blank page on both sides).
    expect(nested.some((v, i) => i % 4 !== 3 && v < 128)).toBe(true);
    expect(differing(nested, flat)).toBe(0);
    expect(pageSvg(doc(p), p)).not.toContain('<svg class="page"');
  });

  it('trimmed fonts draw the same pixels, from files a fraction of the size', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const used = new Set<number>();
    for (const t of TEXTS) for (const ch of t) used.add(ch.codePointAt(0)!);
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-trim-test-'));
    const regular = join(dir, 'r.ttf');
    const bold = join(dir, 'b.ttf');
    const fullRegular = readFileSync(fonts.regular);
    const trimmedRegular = trimFont(fullRegular, used);
    writeFileSync(regular, trimmedRegular);
    writeFileSync(bold, trimFont(readFileSync(fonts.bold), used));
    expect(trimmedRegular.length).toBeLessThan(fullRegular.length / 2);

    const svg = pageSvg(doc(p), p);
    expect(differing(pixels(svg, fonts.regular, fonts.bold), pixels(svg, regular, bold))).toBe(0);

    // A character the text does not use is really gone: drawn from the full font, not the trimmed.
    const other = { ...p, shapes: [{ ...(p.shapes[4] as Shape), text: '中文 ∑ ♣' } as Shape] };
    const otherSvg = pageSvg(doc(other), other);
    expect(
      differing(pixels(otherSvg, fonts.regular, fonts.bold), pixels(otherSvg, regular, bold)),
    ).toBeGreaterThan(0);
  });

  it('refuses what is not a TrueType font (the export then keeps the full font)', () => {
    expect(() => trimFont(new Uint8Array(64), [65])).toThrow();
  });
});

describe('the slide deck zip', () => {
  it('reads back in Python with every file whole', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const files: [string, Buffer][] = [
      ['[Content_Types].xml', Buffer.from('<Types/>')],
      ['ppt/slides/slide1.xml', Buffer.from('<p:sld>£ Ŵyl Dewi</p:sld>'.repeat(500))],
      ['ppt/média/empty.bin', Buffer.alloc(0)],
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'plan-sync-zip-out-')), 'deck.zip');
    writeFileSync(file, zipFiles(files));
    const listing = JSON.parse(
      runPython(
        `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([[i.filename, z.read(i).decode('utf-8'), i.compress_type] for i in z.infolist()]))`,
        [file],
      ),
    ) as [string, string, number][];
    expect(listing.map((e) => e[0])).toEqual(files.map((f) => f[0]));
    expect(listing.map((e) => e[1])).toEqual(files.map((f) => Buffer.from(f[1]).toString('utf8')));
    expect(listing.every((e) => e[2] === 8)).toBe(true);
  });
});
