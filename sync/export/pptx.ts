/** The board deck (./deck.ts) as the command line writes it. */

import type { BoardDocument } from '../../core/board/drawing.js';
import { boardDeck } from './deck.js';
import { zipFiles } from '../xlsx/zip.js';

export async function boardPptx(
  doc: BoardDocument,
  notes: (page: number) => string = () => '',
): Promise<Buffer> {
  return Buffer.from(
    await boardDeck(doc, notes, (files) =>
      zipFiles(
        files.map(([name, bytes]) => [
          name,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        ]),
      ),
    ),
  );
}
