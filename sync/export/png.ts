/** PNG pages of a board document: each page's SVG rendered by resvg with the bundled font. */

import { boardSvg } from '../../core/board/svg.js';
import type { BoardDocument, Page } from '../../core/board/drawing.js';
import { boardFonts } from './fonts.js';

/** Pictures are at least this many pixels wide (a full-HD screen). */
export const MIN_PNG_WIDTH = 1920;

export async function boardPngs(doc: BoardDocument): Promise<Buffer[]> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const fonts = boardFonts();
  const render = async (page: Page): Promise<Buffer> => {
    const width = Math.max(MIN_PNG_WIDTH, Math.ceil(page.width * 2));
    const image = await renderAsync(boardSvg(doc, [page]), {
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
  // Pages render on resvg's worker threads, a few at a time (memory stays bounded).
  const out: Buffer[] = [];
  for (let i = 0; i < doc.pages.length; i += BATCH)
    out.push(...(await Promise.all(doc.pages.slice(i, i + BATCH).map(render))));
  return out;
}

const BATCH = 4;
