/** Reading step: the styles part (`xl/styles.xml`), as far as reading cells needs it: number formats. */
import { attrMap, childElements, firstElement, getAttr, type XmlElement } from './xml-scan.js';

/** One entry of a styles section (a font, a fill, a cell format...). */
export interface StyleEntry {
  /** The entry's XML as Excel reads it. */
  read: string;
  /**
   * The same entry in plain SpreadsheetML, safe to copy elsewhere in the part: the Fallback
   * branch's when the entry sits in `mc:AlternateContent` and the Fallback has as many entries.
   */
  text: string;
}

/**
 * The entries of a styles section (`<fonts>`, `<cellXfs>`...) in the order Excel indexes them:
 * its direct `child` elements only (never the elements nested in them), and where some are
 * wrapped in `mc:AlternateContent` (Hancom and some Excel builds write this), the entries of
 * the branch Excel reads, its first Choice, each counted once.
 */
export function sectionEntries(xml: string, section: XmlElement, child: string): StyleEntry[] {
  const out: StyleEntry[] = [];
  const slice = (el: XmlElement) => xml.slice(el.start, el.end);
  for (const el of childElements(xml, section)) {
    if (el.local === child) {
      const text = slice(el);
      out.push({ read: text, text });
    } else if (el.local === 'AlternateContent') {
      const branches = childElements(xml, el);
      const choice = branches.find((b) => b.local === 'Choice');
      const fallback = branches.find((b) => b.local === 'Fallback');
      const read = choice ? childElements(xml, choice, child) : [];
      const plain = fallback ? childElements(xml, fallback, child) : [];
      const same = plain.length === read.length;
      read.forEach((e, i) => out.push({ read: slice(e), text: slice(same ? plain[i] : e) }));
      // Without a Choice, Excel reads the Fallback.
      if (!choice) plain.forEach((e) => out.push({ read: slice(e), text: slice(e) }));
    }
  }
  return out;
}

/** Built-in number formats (ECMA-376 Part 1, 18.8.30) that are not General. */
const BUILTIN_NUM_FMTS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"$"#,##0_);("$"#,##0)',
  6: '"$"#,##0_);[Red]("$"#,##0)',
  7: '"$"#,##0.00_);("$"#,##0.00)',
  8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  // 27-36 and 50-58 depend on the locale (East Asian dates); these are the ja-JP forms.
  27: '[$-411]ge.m.d',
  28: '[$-411]ggge"年"m"月"d"日"',
  29: '[$-411]ggge"年"m"月"d"日"',
  30: 'm/d/yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: '[$-411]ge.m.d',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: '[$-411]ge.m.d',
  51: '[$-411]ggge"年"m"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: '[$-411]ggge"年"m"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: '[$-411]ge.m.d',
  58: '[$-411]ggge"年"m"月"d"日"',
};

/** The number format of each cell format (cellXfs entry) of a styles part. */
export class NumberFormats {
  /** numFmtId of each cellXfs entry. */
  private readonly xfNumFmtIds: number[] = [];
  private readonly custom = new Map<number, string>();
  private readonly cache = new Map<number, string | undefined>();

  /** `xml` is the styles part; undefined when the workbook has none (every cell is General). */
  constructor(xml: string | undefined) {
    if (xml === undefined) return;
    const numFmts = firstElement(xml, 'numFmts');
    if (numFmts) {
      for (const { read } of sectionEntries(xml, numFmts, 'numFmt')) {
        const a = attrMap(read);
        if (a.numFmtId !== undefined && a.formatCode !== undefined) {
          this.custom.set(Number(a.numFmtId), a.formatCode);
        }
      }
    }
    const cellXfs = firstElement(xml, 'cellXfs');
    if (cellXfs) {
      for (const { read } of sectionEntries(xml, cellXfs, 'xf')) {
        const id = getAttr(read, 'numFmtId');
        this.xfNumFmtIds.push(id === undefined ? 0 : Number(id));
      }
    }
  }

  /** Number format code of cellXfs[styleIndex]; undefined for General (or an unknown style). */
  ofStyle(styleIndex: number): string | undefined {
    if (this.cache.has(styleIndex)) return this.cache.get(styleIndex);
    const id = this.xfNumFmtIds[styleIndex];
    let code: string | undefined;
    if (id !== undefined && Number.isFinite(id)) code = this.custom.get(id) ?? BUILTIN_NUM_FMTS[id];
    if (code !== undefined && code.trim().toLowerCase() === 'general') code = undefined;
    this.cache.set(styleIndex, code);
    return code;
  }
}
