/** PNG pages of a board document: each page's SVG rendered by resvg with the bundled font. */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageSvg } from '../../core/board/svg.js';
import type { BoardDocument, Page } from '../../core/board/drawing.js';
import { boardFonts, type BoardFonts } from './fonts.js';
import { trimFont } from './font-trim.js';
import { pushAll } from '../../core/arrays.js';

/** Pictures are at least this many pixels wide (a full-HD screen). */
export const MIN_PNG_WIDTH = 1920;

export async function boardPngs(doc: BoardDocument): Promise<Buffer[]> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const trimmed = trimmedFonts(doc);
  const fonts = trimmed?.fonts ?? boardFonts();
  const render = async (page: Page): Promise<Buffer> => {
    const width = Math.max(MIN_PNG_WIDTH, Math.ceil(page.width * 2));
    const image = await renderAsync(pageSvg(doc, page), {
      fitTo: { mode: 'width', value: width },
      background: '#FFFFFF',
      // Only the bundled font: the picture must not depend on what the machine has installed.
      font: {
        loadSystemFonts: false,
        fontFiles: [fonts.regular, fonts.bold],
        defaultFontFamily: 'DejaVu Sans',
        sansSerifFamily: 'DejaVu Sans',
      },
    });
    return Buffer.from(image.asPng());
  };
  try {
    // Pages render on resvg's worker threads, a few at a time (memory stays bounded).
    const out: Buffer[] = [];
    for (let i = 0; i < doc.pages.length; i += BATCH)
      pushAll(out, await Promise.all(doc.pages.slice(i, i + BATCH).map(render)));
    return out;
  } finally {
    if (trimmed) rmSync(trimmed.dir, { recursive: true, force: true });
  }
}

const BATCH = 4;

/**
 * The bundled fonts with only the outlines the document's text needs (see ./font-trim.ts), in a
 * temporary folder: resvg reads its font file again for every glyph it draws, so a file a
 * fraction of the size makes every page cheaper. Null (the full fonts are used) when that fails.
 */
function trimmedFonts(doc: BoardDocument): { dir: string; fonts: BoardFonts } | null {
  const used = new Set<number>();
  for (const page of doc.pages)
    for (const shape of page.shapes)
      if (shape.kind === 'text') for (const ch of shape.text) used.add(ch.codePointAt(0)!);
  let dir: string | undefined;
  try {
    const full = boardFonts();
    dir = mkdtempSync(join(tmpdir(), 'plan-sync-fonts-'));
    const fonts = { regular: join(dir, 'regular.ttf'), bold: join(dir, 'bold.ttf') };
    writeFileSync(fonts.regular, trimFont(readFileSync(full.regular), used));
    writeFileSync(fonts.bold, trimFont(readFileSync(full.bold), used));
    return { dir, fonts };
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return null;
  }
}
