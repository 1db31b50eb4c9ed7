/**
 * The font every exported picture is set in: DejaVu Sans from the `dejavu-fonts-ttf` package, so
 * text renders the same on a machine with no fonts installed (a server, a CI container).
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface BoardFonts {
  regular: string;
  bold: string;
}

export function boardFonts(): BoardFonts {
  const folder = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: join(folder, 'DejaVuSans.ttf'), bold: join(folder, 'DejaVuSans-Bold.ttf') };
}
