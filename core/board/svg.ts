/**
 * SVG for a board document (./drawing.ts): one `<svg>` holding every page, one under the other,
 * each page a nested `<svg>` in its own points. No dependency, so the pane can use it too.
 * Shapes keep their `data-*` attributes (task IDs, ISO dates) and their full text as `<title>`.
 */

import type { BoardDocument, Page, Shape } from './drawing.js';
import { maxOf } from '../arrays.js';

/** The font the picture is measured in, then common fallbacks. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";
/** Space between pages stacked in one SVG. */
export const PAGE_GAP = 12;

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Control characters are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

const n = (v: number) => String(Math.round(v * 100) / 100);

function attrs(shape: Shape): string {
  let out = ` class="${shape.role}"`;
  for (const [k, v] of Object.entries(shape.data ?? {})) out += ` data-${k}="${escapeXml(v)}"`;
  return out;
}

function titled(open: string, shape: Shape, tag: string, inner = ''): string {
  const title = shape.kind === 'text' ? shape.full : shape.title;
  if (!title && !inner) return `${open}/>`;
  return `${open}>${title ? `<title>${escapeXml(title)}</title>` : ''}${inner}</${tag}>`;
}

function shapeSvg(shape: Shape): string {
  switch (shape.kind) {
    case 'rect': {
      const fill = shape.hatch
        ? `url(#hatch-${shape.hatch})`
        : shape.fill
          ? `#${shape.fill}`
          : 'none';
      const stroke = shape.stroke
        ? ` stroke="#${shape.stroke}" stroke-width="${n(shape.strokeWidth ?? 1)}"`
        : '';
      const open = `<rect${attrs(shape)} x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.w)}" height="${n(shape.h)}" fill="${fill}"${stroke}`;
      return titled(open, shape, 'rect');
    }
    case 'diamond': {
      const { cx, cy, r } = shape;
      const points = `${n(cx)},${n(cy - r)} ${n(cx + r)},${n(cy)} ${n(cx)},${n(cy + r)} ${n(cx - r)},${n(cy)}`;
      const open = `<polygon${attrs(shape)} points="${points}" fill="#${shape.fill}" stroke="#${shape.stroke}" stroke-width="${n(shape.strokeWidth)}"`;
      return titled(open, shape, 'polygon');
    }
    case 'line': {
      const dash = shape.dash ? ' stroke-dasharray="4 3"' : '';
      const open = `<line${attrs(shape)} x1="${n(shape.x1)}" y1="${n(shape.y1)}" x2="${n(shape.x2)}" y2="${n(shape.y2)}" stroke="#${shape.stroke}" stroke-width="${n(shape.width)}"${dash}`;
      return titled(open, shape, 'line');
    }
    case 'text': {
      const anchor = shape.anchor === 'start' ? '' : ` text-anchor="${shape.anchor}"`;
      const weight = shape.bold ? ' font-weight="bold"' : '';
      const open = `<text${attrs(shape)} x="${n(shape.x)}" y="${n(shape.y)}" font-size="${n(shape.size)}" fill="#${shape.color}"${anchor}${weight}`;
      return titled(open, shape, 'text', escapeXml(shape.text));
    }
  }
}

function hatches(pages: readonly Page[]): string {
  const colours = new Set<string>();
  for (const p of pages)
    for (const s of p.shapes)
      if (s.kind === 'rect' && s.hatch) colours.add(`${s.hatch}|${s.fill ?? 'FFFFFF'}`);
  return [...colours]
    .map((key) => {
      const [hatch, fill] = key.split('|');
      return `<pattern id="hatch-${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#${fill}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#${hatch}" stroke-width="2"/></pattern>`;
    })
    .join('');
}

/** One page's shapes as SVG elements (no outer `<svg>`). */
export function pageBody(page: Page): string {
  return page.shapes.map(shapeSvg).join('\n');
}

/**
 * The whole document as one SVG: pages stacked top to bottom, PAGE_GAP apart. `firstPage` numbers
 * the pages given (`data-page`) when they are not the document's first.
 */
export function boardSvg(
  doc: BoardDocument,
  pages: readonly Page[] = doc.pages,
  firstPage = 1,
): string {
  const width = maxOf(pages.map((p) => p.width));
  const height = pages.reduce((h, p) => h + p.height, 0) + PAGE_GAP * (pages.length - 1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="board-title board-desc" xml:lang="${doc.lang}" lang="${doc.lang}" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<title id="board-title">${escapeXml(doc.title)}</title>`,
    `<desc id="board-desc">${escapeXml(doc.description)}</desc>`,
    `<defs>${hatches(pages)}</defs>`,
  ];
  let y = 0;
  pages.forEach((page, i) => {
    out.push(
      `<svg class="page" data-page="${firstPage + i}" x="0" y="${n(y)}" width="${n(page.width)}" height="${n(page.height)}" viewBox="0 0 ${n(page.width)} ${n(page.height)}">`,
      pageBody(page),
      '</svg>',
    );
    y += page.height + PAGE_GAP;
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * One page as a picture of its own: its shapes directly under the root `<svg>`, not in a nested
 * one. The same drawing as `boardSvg(doc, [page])`, pixel for pixel, for a renderer that draws a
 * nested `<svg>` as a layer of its own (resvg does: twice the work for every PNG page).
 */
export function pageSvg(doc: BoardDocument, page: Page): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="board-title board-desc" xml:lang="${doc.lang}" lang="${doc.lang}" width="${n(page.width)}" height="${n(page.height)}" viewBox="0 0 ${n(page.width)} ${n(page.height)}" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<title id="board-title">${escapeXml(doc.title)}</title>`,
    `<desc id="board-desc">${escapeXml(doc.description)}</desc>`,
    `<defs>${hatches([page])}</defs>`,
    pageBody(page),
    '</svg>\n',
  ].join('\n');
}
