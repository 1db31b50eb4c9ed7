/**
 * Edits `xl/styles.xml` by appending fonts, fills, borders, number formats and cell formats (xfs)
 * and reusing identical ones already there, so a re-run adds nothing. Everything else in the part
 * stays as written.
 */

import type { CellStyle, StyleIndexes } from '../../core/sync/edits.js';
import { sectionEntries } from '../../core/xlsx/styles-part.js';
import {
  childElements,
  firstElement,
  getAttr,
  rootElement,
  startTagOf,
} from '../../core/xlsx/xml-scan.js';
import { rootPrefix, setAttrs, setElementAttrs } from './xml.js';
import { maxOf } from '../../core/arrays.js';

/** Built-in number formats a date header may use without adding a custom one. */
const BUILTIN_FORMATS: Record<string, number> = { 'mmm-yy': 17, 'd-mmm-yy': 15, 'd-mmm': 16 };
const FIRST_CUSTOM_FORMAT = 164;

interface Section {
  name: string;
  child: string;
  items: string[];
  added: number;
  /** Default items put first because the part had none (written only with additions). */
  seeded: number;
}

type SectionName = 'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellStyleXfs' | 'cellXfs';

/** The children of styleSheet in CT_Stylesheet schema order, for placing a section it lacks. */
const SCHEMA_ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
];

/**
 * What a section lacking entries is seeded with (MINIMAL_STYLES' defaults): without them the
 * first format added would take index 0, the one every default cell points at.
 */
const SECTION_DEFAULTS: Partial<Record<SectionName, (p: string) => string[]>> = {
  fonts: (p) => [
    `<${p}font><${p}sz val="11"/><${p}color theme="1"/><${p}name val="Calibri"/><${p}family val="2"/><${p}scheme val="minor"/></${p}font>`,
  ],
  fills: (p) => [
    `<${p}fill><${p}patternFill patternType="none"/></${p}fill>`,
    `<${p}fill><${p}patternFill patternType="gray125"/></${p}fill>`,
  ],
  borders: (p) => [
    `<${p}border><${p}left/><${p}right/><${p}top/><${p}bottom/><${p}diagonal/></${p}border>`,
  ],
  cellStyleXfs: (p) => [`<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>`],
  cellXfs: (p) => [`<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`],
};

export class StylesEditor {
  private readonly p: string;
  private readonly sections: Record<SectionName, Section>;
  private readonly itemIndex = new Map<string, number>();
  /** Canonical forms of each section's items, computed once. */
  private readonly canonicalIndex = new Map<string, Map<string, number>>();
  private readonly derived = new Map<string, number>();

  /**
   * `defaultXfs` says how many default cell formats to seed when the part has none: as many as
   * the sheets' style indexes need, so a cell with s="4" keeps the default format.
   */
  constructor(
    private readonly xml: string,
    defaultXfs: () => number = () => 1,
  ) {
    this.p = rootPrefix(xml);
    // Entries are indexed as Excel does: direct children only, mc:AlternateContent resolved.
    const section = (name: SectionName, child: string): Section => {
      const el = firstElement(xml, name);
      const items = el ? sectionEntries(xml, el, child).map((e) => e.text) : [];
      const seed = items.length ? [] : (SECTION_DEFAULTS[name]?.(this.p) ?? []);
      if (name === 'cellXfs' && seed.length) {
        for (let i = defaultXfs(); i > 1; i--) seed.push(seed[0]);
      }
      return { name, child, items: [...seed, ...items], added: 0, seeded: seed.length };
    };
    this.sections = {
      numFmts: section('numFmts', 'numFmt'),
      fonts: section('fonts', 'font'),
      fills: section('fills', 'fill'),
      borders: section('borders', 'border'),
      cellStyleXfs: section('cellStyleXfs', 'xf'),
      cellXfs: section('cellXfs', 'xf'),
    };
  }

  get changed(): boolean {
    return Object.values(this.sections).some((s) => s.added > 0);
  }

  /** Index of an identical item in the section, appending it when missing. */
  private intern(name: keyof StylesEditor['sections'], item: string): number {
    const key = `${name}\u0000${item}`;
    const cached = this.itemIndex.get(key);
    if (cached !== undefined) return cached;
    const section = this.sections[name];
    let canonicals = this.canonicalIndex.get(name);
    if (!canonicals) {
      canonicals = new Map();
      for (let i = section.items.length - 1; i >= 0; i--)
        canonicals.set(canonical(section.items[i]), i);
      this.canonicalIndex.set(name, canonicals);
    }
    const canon = canonical(item);
    let index = canonicals.get(canon) ?? -1;
    if (index < 0) {
      section.items.push(item);
      section.added++;
      index = section.items.length - 1;
      canonicals.set(canon, index);
    }
    this.itemIndex.set(key, index);
    return index;
  }

  private xf(index: number): string {
    return (
      this.sections.cellXfs.items[index] ??
      this.sections.cellXfs.items[0] ??
      `<${this.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
    );
  }

  private font(index: number): string {
    return this.sections.fonts.items[index] ?? this.sections.fonts.items[0] ?? `<${this.p}font/>`;
  }

  fillXml(rgb: string): string {
    const p = this.p;
    return `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="FF${rgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
  }

  /** A hatched fill: `pattern` lines in `lines` over `background` (white when none). */
  patternXml(pattern: string, lines: string | undefined, background: string | undefined): string {
    const p = this.p;
    const fg = lines ? `<${p}fgColor rgb="FF${lines}"/>` : '';
    const bg = background ? `<${p}bgColor rgb="FF${background}"/>` : '';
    return `<${p}fill><${p}patternFill patternType="${pattern}">${fg}${bg}</${p}patternFill></${p}fill>`;
  }

  /** The fill colour (`RRGGBB`) of a cell format when it is a solid RGB fill. */
  solidFillOf(xfIndex: number): string | null {
    const fillId = Number(getAttr(this.xf(xfIndex), 'fillId') ?? 0);
    const fill = this.sections.fills.items[fillId] ?? '';
    if (!/patternType="solid"/.test(fill)) return null;
    const m = /fgColor\s+rgb="(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})"/.exec(fill);
    return m ? m[1].toUpperCase() : null;
  }

  /** A copy of `font` with a new colour (null removes it) and, when asked, bold, italic or a size. */
  private withFontColor(
    font: string,
    rgb: string | null,
    bold?: boolean,
    extra: { italic?: boolean; size?: number } = {},
  ): string {
    const p = this.p;
    const open = font.endsWith('/>')
      ? font.slice(0, -2) + '>'
      : font.slice(0, font.indexOf('>') + 1);
    let body = font.endsWith('/>') ? '' : font.slice(open.length, font.lastIndexOf('<'));
    body = body.replace(new RegExp(`<${p}color\\b[^>]*?(/>|>\\s*</${p}color>)`), '');
    if (extra.size)
      body = body.replace(new RegExp(`<${p}sz\\b[^>]*/>`), `<${p}sz val="${extra.size}"/>`);
    if (rgb !== null) {
      const color = `<${p}color rgb="FF${rgb}"/>`;
      const sz = new RegExp(`<${p}sz\\b[^>]*/>`).exec(body);
      body = sz
        ? body.slice(0, sz.index + sz[0].length) + color + body.slice(sz.index + sz[0].length)
        : color + body;
    }
    if (extra.italic && !new RegExp(`<${p}i(\\s+val="(1|true)")?\\s*/>`).test(body)) {
      body = `<${p}i/>` + body.replace(new RegExp(`<${p}i\\b[^>]*/>`), '');
    }
    if (bold && !new RegExp(`<${p}b(\\s+val="(1|true)")?\\s*/>`).test(body)) {
      body = `<${p}b/>` + body.replace(new RegExp(`<${p}b\\b[^>]*/>`), '');
    }
    return `${open}${body}</${p}font>`;
  }

  /** A copy of cell format `base` with a new fill and font colour (RAG cells keep everything else). */
  recolour(base: number, fill: string, fontColor: string): number {
    return this.memo(`r${base}:${fill}:${fontColor}`, () =>
      this.recolourUncached(base, fill, fontColor),
    );
  }

  private memo(key: string, make: () => number): number {
    let id = this.derived.get(key);
    if (id === undefined) this.derived.set(key, (id = make()));
    return id;
  }

  private recolourUncached(base: number, fill: string, fontColor: string): number {
    const xf = this.xf(base);
    const fillId = this.intern('fills', this.fillXml(fill));
    const fontId = this.intern(
      'fonts',
      this.withFontColor(this.font(Number(getAttr(xf, 'fontId') ?? 0)), fontColor),
    );
    return this.intern(
      'cellXfs',
      setElementAttrs(xf, {
        fillId: String(fillId),
        fontId: String(fontId),
        applyFill: '1',
        applyFont: '1',
      }),
    );
  }

  /** Removes a RAG fill this tool applied (one of `ourFills`); other formats are returned unchanged. */
  uncolour(
    base: number,
    ourFills: ReadonlySet<string>,
    ourTextColours: ReadonlySet<string>,
  ): number {
    const fill = this.solidFillOf(base);
    if (fill === null || !ourFills.has(fill)) return base;
    const xf = this.xf(base);
    const font = this.font(Number(getAttr(xf, 'fontId') ?? 0));
    const fontColour = /color\s+rgb="(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})"/
      .exec(font)?.[1]
      ?.toUpperCase();
    const fontId =
      fontColour && ourTextColours.has(fontColour)
        ? this.intern('fonts', this.withFontColor(font, null))
        : Number(getAttr(xf, 'fontId') ?? 0);
    return this.intern('cellXfs', setElementAttrs(xf, { fillId: '0', fontId: String(fontId) }));
  }

  private numFmtId(code: string): number {
    if (BUILTIN_FORMATS[code] !== undefined) return BUILTIN_FORMATS[code];
    const section = this.sections.numFmts;
    for (const item of section.items) {
      if (getAttr(item, 'formatCode') === code) return Number(getAttr(item, 'numFmtId'));
    }
    const used = section.items.map((i) => Number(getAttr(i, 'numFmtId')));
    const id = Math.max(FIRST_CUSTOM_FORMAT - 1, maxOf(used)) + 1;
    this.intern('numFmts', `<${this.p}numFmt numFmtId="${id}" formatCode="${code}"/>`);
    return id;
  }

  /** A cell format for a cell the tool owns (the timeline), built on the workbook's default font. */
  owned(style: CellStyle): number {
    const p = this.p;
    const fontId =
      style.fontColor || style.bold || style.italic || style.fontSize
        ? this.intern(
            'fonts',
            this.withFontColor(this.font(0), style.fontColor ?? null, style.bold, {
              italic: style.italic,
              size: style.fontSize,
            }),
          )
        : 0;
    const fillId = style.pattern
      ? this.intern('fills', this.patternXml(style.pattern, style.patternColor, style.fill))
      : style.fill
        ? this.intern('fills', this.fillXml(style.fill))
        : 0;
    let borderId = 0;
    if (style.borderLeft || style.borderRight || style.borderTop || style.borderBottom) {
      const side = (name: string, rgb: string | undefined, weight: string) =>
        rgb
          ? `<${p}${name} style="${weight}"><${p}color rgb="FF${rgb}"/></${p}${name}>`
          : `<${p}${name}/>`;
      borderId = this.intern(
        'borders',
        `<${p}border>${side('left', style.borderLeft, 'medium')}${side('right', style.borderRight, 'medium')}${side('top', style.borderTop, 'thin')}${side('bottom', style.borderBottom, style.borderBottomThick ? 'thick' : 'thin')}<${p}diagonal/></${p}border>`,
      );
    }
    const numFmtId = style.numFmt ? this.numFmtId(style.numFmt) : 0;
    const attrs = [
      `numFmtId="${numFmtId}"`,
      `fontId="${fontId}"`,
      `fillId="${fillId}"`,
      `borderId="${borderId}"`,
      `xfId="0"`,
    ];
    if (numFmtId) attrs.push('applyNumberFormat="1"');
    if (fontId) attrs.push('applyFont="1"');
    if (fillId) attrs.push('applyFill="1"');
    if (borderId) attrs.push('applyBorder="1"');
    let alignment = '';
    if (style.hAlign || style.rotation || style.wrap) {
      attrs.push('applyAlignment="1"');
      const a = [
        style.hAlign ? `horizontal="${style.hAlign}"` : '',
        style.rotation ? `textRotation="${style.rotation}"` : '',
        style.wrap ? 'wrapText="1"' : '',
      ]
        .filter(Boolean)
        .join(' ');
      alignment = `<${p}alignment ${a}/>`;
    }
    if (style.quotePrefix) attrs.push('quotePrefix="1"');
    const xf = alignment
      ? `<${p}xf ${attrs.join(' ')}>${alignment}</${p}xf>`
      : `<${p}xf ${attrs.join(' ')}/>`;
    return this.intern('cellXfs', xf);
  }

  /** The cell format of each style (as `blockXfs` gives them; see CellBlock.xfOf). */
  styleXfs(styles: readonly CellStyle[]): Int32Array {
    return Int32Array.from(styles, (style) => this.owned(style));
  }

  /** The cell format of each cell of a block, from its style indexes (-1 stays -1: no cell). */
  blockXfs(styles: readonly CellStyle[], indexes: StyleIndexes): Int32Array {
    const xfOf = this.styleXfs(styles);
    const out = new Int32Array(indexes.length);
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k];
      out[k] = i < 0 ? -1 : xfOf[i];
    }
    return out;
  }

  /** The styles part with the additions; the original text when nothing was added. */
  toXml(): string {
    if (!this.changed) return this.xml;
    let xml = this.xml;
    const root = rootElement(xml)!;
    if (root.selfClosing) {
      // `<styleSheet .../>`: open it so sections can go inside.
      const open = startTagOf(xml, root).replace(/\s*\/>$/, '>');
      xml =
        xml.slice(0, root.start) + open + `</${root.prefix}${root.local}>` + xml.slice(root.end);
    }
    for (const name of SCHEMA_ORDER) {
      const s = this.sections[name as SectionName];
      if (!s || !(s.added || s.seeded)) continue;
      const el = firstElement(xml, s.name);
      const fresh =
        s.items.slice(0, s.seeded).join('') + s.items.slice(s.items.length - s.added).join('');
      if (el) {
        const open = setAttrs(startTagOf(xml, el), { count: String(s.items.length) });
        const inner = el.selfClosing ? '' : xml.slice(el.openEnd, el.closeStart);
        const openTag = open.endsWith('/>') ? open.replace(/\s*\/>$/, '>') : open;
        const qname = el.prefix + el.local;
        // A seeded section had no entries: its defaults go first, whatever whitespace it held.
        const body = s.seeded ? fresh + inner : inner + fresh;
        xml = xml.slice(0, el.start) + openTag + body + `</${qname}>` + xml.slice(el.end);
      } else {
        const qname = this.p + s.name;
        const block = `<${qname} count="${s.items.length}">${fresh}</${qname}>`;
        const at = this.insertionPoint(xml, s.name);
        xml = xml.slice(0, at) + block + xml.slice(at);
      }
    }
    return xml;
  }

  /** Where a missing section goes: before the first child of styleSheet that follows it in the schema. */
  private insertionPoint(xml: string, name: string): number {
    const root = rootElement(xml)!;
    const rank = SCHEMA_ORDER.indexOf(name);
    for (const child of childElements(xml, root)) {
      const r = SCHEMA_ORDER.indexOf(child.local);
      if (r > rank) return child.start;
    }
    return root.closeStart;
  }
}

/** Compares items ignoring attribute order and quoting, so an equal item written by Excel is reused. */
function canonical(item: string): string {
  return item
    .replace(/<([^\s/>]+)([^>]*?)(\/?)>/g, (_m, name: string, attrs: string, slash: string) => {
      const list = [...attrs.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)]
        .map((a) => `${a[1]}=${a[3] ?? a[4]}`)
        .sort();
      return `<${name} ${list.join(' ')}${slash}>`;
    })
    .replace(/>\s+</g, '><');
}
