/** PNG pages of a board document: each page's SVG rendered by resvg with the bundled font. */

import { boardSvg } from '../../core/board/svg.js';
import type { BoardDocument } from '../../core/board/drawing.js';
import { boardFonts } from './fonts.js';

/** Pictures are at least this many pixels wide (a full-HD screen). */
export const MIN_PNG_WIDTH = 1920;

export async function boardPngs(doc: BoardDocument): Promise<Buffer[]> {
  const { Resvg } = await import('@resvg/resvg-js');
  const fonts = boardFonts();
  return doc.pages.map((page) => {
    const width = Math.max(MIN_PNG_WIDTH, Math.ceil(page.width * 2));
    const resvg = new Resvg(boardSvg(doc, [page]), {
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
    return Buffer.from(resvg.render().asPng());
  });
}
