/**
 * Reading step: the fill colour a cell shows, resolved to `RRGGBB` the way Excel paints it:
 * explicit RGB, the indexed palette (or the workbook's own), and theme colours lightened or
 * darkened by a tint. Adoption of a hand-painted Gantt reads plans from these colours.
 */
import {
  attrMap,
  childElements,
  firstElement,
  getAttr,
  isStartTag,
  markupEnd,
  scanned,
  scannedAttr,
  scanStartTag,
  startTagOf,
} from './xml-scan.js';
import { sectionEntries } from './styles-part.js';
import { cellRefPosition } from './worksheet-part.js';

/** Excel's default indexed palette (ECMA-376 Part 1, 18.8.27); 64 and 65 are the system colours. */
export const INDEXED_COLOURS: readonly string[] = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
  '000000', 'FFFFFF',
]; // prettier-ignore

/**
 * The Office 2007 theme's colours in Excel's theme index order (lt1, dk1, lt2, dk2, accent1-6,
 * hlink, folHlink): what a workbook without a theme part shows.
 */
export const DEFAULT_THEME_COLOURS: readonly string[] = [
  'FFFFFF', '000000', 'EEECE1', '1F497D', '4F81BD', 'C0504D',
  '9BBB59', '8064A2', '4BACC6', 'F79646', '0000FF', '800080',
]; // prettier-ignore

// clrScheme lists dk1, lt1, dk2, lt2...; Excel's theme="0" is lt1 and theme="1" is dk1.
const SCHEME_ORDER = [
  'lt1',
  'dk1',
  'lt2',
  'dk2',
  'accent1',
  'accent2',
  'accent3',
  'accent4',
  'accent5',
  'accent6',
  'hlink',
  'folHlink',
];

/** The theme colours (`RRGGBB`, Excel's theme index order) of a theme part; defaults where missing. */
export function themeColours(themeXml: string | undefined): string[] {
  const out = [...DEFAULT_THEME_COLOURS];
  if (themeXml === undefined) return out;
  const scheme = firstElement(themeXml, 'clrScheme');
  if (!scheme || scheme.selfClosing) return out;
  for (const el of childElements(themeXml, scheme)) {
    const index = SCHEME_ORDER.indexOf(el.local);
    if (index < 0 || el.selfClosing) continue;
    const colour = childElements(themeXml, el)[0];
    if (!colour) continue;
    const tag = startTagOf(themeXml, colour);
    const value =
      colour.local === 'srgbClr'
        ? getAttr(tag, 'val')
        : colour.local === 'sysClr'
          ? (getAttr(tag, 'lastClr') ??
            (getAttr(tag, 'val') === 'window'
              ? 'FFFFFF'
              : getAttr(tag, 'val') === 'windowText'
                ? '000000'
                : undefined))
          : undefined;
    const hex = normaliseHex(value);
    if (hex) out[index] = hex;
  }
  return out;
}

/** `FFRRGGBB`, `RRGGBB` or `#rrggbb` as `RRGGBB`; undefined when it is not one. */
export function normaliseHex(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^#/, '');
  if (/^[0-9A-Fa-f]{8}$/.test(v)) return v.slice(2).toUpperCase();
  if (/^[0-9A-Fa-f]{6}$/.test(v)) return v.toUpperCase();
  return undefined;
}

/** RGB (0..1 each) to hue, lightness, saturation (0..1 each). */
export function rgbToHls(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, l, 0];
  const d = max - min;
  const s = l <= 0.5 ? d / (max + min) : d / (2 - max - min);
  let h: number;
  if (max === r) h = (g - b) / d;
  else if (max === g) h = 2 + (b - r) / d;
  else h = 4 + (r - g) / d;
  h = (h / 6) % 1;
  if (h < 0) h += 1;
  return [h, l, s];
}

function hueToRgb(m1: number, m2: number, h: number): number {
  const hue = ((h % 1) + 1) % 1;
  if (hue < 1 / 6) return m1 + (m2 - m1) * hue * 6;
  if (hue < 0.5) return m2;
  if (hue < 2 / 3) return m1 + (m2 - m1) * (2 / 3 - hue) * 6;
  return m1;
}

export function hlsToRgb(h: number, l: number, s: number): [number, number, number] {
  if (s === 0) return [l, l, l];
  const m2 = l <= 0.5 ? l * (1 + s) : l + s - l * s;
  const m1 = 2 * l - m2;
  return [hueToRgb(m1, m2, h + 1 / 3), hueToRgb(m1, m2, h), hueToRgb(m1, m2, h - 1 / 3)];
}

/**
 * A colour with Excel's tint applied (ECMA-376 18.8.19 `tint`): in HLS, a negative tint darkens
 * (L × (1 + tint)), a positive one lightens (L × (1 − tint) + tint). Tint 0 returns the colour.
 */
export function applyTint(rgb: string, tint: number): string {
  if (!Number.isFinite(tint) || tint === 0) return rgb.toUpperCase();
  const t = Math.max(-1, Math.min(1, tint));
  const [h, l, s] = rgbToHls(
    parseInt(rgb.slice(0, 2), 16) / 255,
    parseInt(rgb.slice(2, 4), 16) / 255,
    parseInt(rgb.slice(4, 6), 16) / 255,
  );
  const lum = t < 0 ? l * (1 + t) : l * (1 - t) + t;
  return hlsToRgb(h, lum, s)
    .map((c) =>
      Math.round(Math.max(0, Math.min(1, c)) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase();
}

/** The attributes of a colour element (`<fgColor theme="4" tint="0.39"/>`). */
export type ColourAttrs = Record<string, string>;

/**
 * A colour element's `RRGGBB`, given the theme and indexed palettes; undefined for `auto` or a
 * colour that names nothing.
 */
export function resolveColour(
  attrs: ColourAttrs,
  theme: readonly string[],
  indexed: readonly string[] = INDEXED_COLOURS,
): string | undefined {
  let base: string | undefined;
  if (attrs.rgb !== undefined) base = normaliseHex(attrs.rgb);
  else if (attrs.theme !== undefined) base = theme[Number(attrs.theme)];
  else if (attrs.indexed !== undefined) base = indexed[Number(attrs.indexed)];
  if (base === undefined) return undefined;
  const tint = attrs.tint === undefined ? 0 : Number(attrs.tint);
  return applyTint(base, Number.isFinite(tint) ? tint : 0);
}

/** Resolves the fill colour of each cell format (cellXfs entry) of a styles part. */
export class FillColours {
  private readonly fills: (string | null)[] = [];
  private readonly xfFill: number[] = [];

  constructor(stylesXml: string | undefined, themeXml?: string) {
    if (stylesXml === undefined) return;
    const theme = themeColours(themeXml);
    const indexed = [...INDEXED_COLOURS];
    const custom = firstElement(stylesXml, 'indexedColors');
    if (custom && !custom.selfClosing) {
      childElements(stylesXml, custom, 'rgbColor').forEach((el, i) => {
        const hex = normaliseHex(getAttr(startTagOf(stylesXml, el), 'rgb'));
        if (hex && i < 64) indexed[i] = hex;
      });
    }
    const fills = firstElement(stylesXml, 'fills');
    if (fills) {
      for (const { read } of sectionEntries(stylesXml, fills, 'fill')) {
        this.fills.push(fillColour(read, theme, indexed));
      }
    }
    const cellXfs = firstElement(stylesXml, 'cellXfs');
    if (cellXfs) {
      for (const { read } of sectionEntries(stylesXml, cellXfs, 'xf')) {
        const id = Number(getAttr(read, 'fillId') ?? 0);
        this.xfFill.push(Number.isInteger(id) ? id : 0);
      }
    }
  }

  /** The `RRGGBB` fill of cell format `xfIndex`; null when the cell shows no fill. */
  ofStyle(xfIndex: number): string | null {
    const fillId = this.xfFill[xfIndex];
    return fillId === undefined ? null : (this.fills[fillId] ?? null);
  }
}

/** The colour one `<fill>` paints; null for none (and the `gray125` placeholder). */
export function fillColour(
  fillXml: string,
  theme: readonly string[],
  indexed: readonly string[] = INDEXED_COLOURS,
): string | null {
  const colourOf = (name: string, from = 0) => {
    const el = firstElement(fillXml, name, from);
    return el ? resolveColour(attrMap(startTagOf(fillXml, el)), theme, indexed) : undefined;
  };
  const pattern = firstElement(fillXml, 'patternFill');
  if (pattern) {
    const type = getAttr(startTagOf(fillXml, pattern), 'patternType') ?? 'none';
    if (type === 'none' || type === 'gray125') return null;
    // Solid shows fgColor; other patterns are mostly their foreground too.
    return colourOf('fgColor', pattern.start) ?? colourOf('bgColor', pattern.start) ?? null;
  }
  const gradient = firstElement(fillXml, 'gradientFill');
  if (gradient) return colourOf('color', gradient.start) ?? null;
  return null;
}

/**
 * The style index (`s`) of each cell of a worksheet part that has one other than 0, by row and
 * column: a second, light pass over the sheet (one start tag at a time, as the cell reader
 * scans), only for the commands that need cell formats.
 */
export function cellStyleIndexes(sheetXml: string): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  const data = firstElement(sheetXml, 'sheetData');
  if (!data || data.selfClosing) return out;
  let row = 0;
  let col = 0;
  let cols: Map<number, number> | undefined;
  for (
    let i = sheetXml.indexOf('<', data.openEnd);
    i >= 0 && i < data.closeStart;
    i = sheetXml.indexOf('<', i)
  ) {
    if (!isStartTag(sheetXml, i)) {
      i = markupEnd(sheetXml, i);
      continue;
    }
    i = scanStartTag(sheetXml, i);
    const len = scanned.nameEnd - scanned.localStart;
    if (len === 3 && sheetXml.startsWith('row', scanned.localStart)) {
      const r = scannedAttr(sheetXml, 'r')?.trim();
      row = r ? Number(r) : row + 1;
      col = 0;
      cols = undefined;
    } else if (len === 1 && sheetXml.charCodeAt(scanned.localStart) === 99 /* c */) {
      const r = scannedAttr(sheetXml, 'r');
      const s = scannedAttr(sheetXml, 's');
      col = (r && cellRefPosition(r)?.col) || col + 1;
      const style = s === undefined ? 0 : Number(s);
      if (!Number.isInteger(style) || style <= 0) continue;
      if (!cols) {
        cols = out.get(row);
        if (!cols) out.set(row, (cols = new Map()));
      }
      cols.set(col, style);
    }
  }
  return out;
}
