/** Reading step: the shared strings part (`xl/sharedStrings.xml`), the text of `t="s"` cells. */
import { xmlProblem, type XmlVisitor } from './xml-check.js';
import {
  decodeXml,
  elements,
  firstElement,
  innerOf,
  isXmlSpace,
  scanned,
  scannedNameExtends,
  scanStartTag,
} from './xml-scan.js';

/** Excel's `_xHHHH_` escapes in cell text (`_x000D_` is a carriage return, `_x005F_` an underscore). */
export function decodeXString(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** The text of a string item (<si> or <is> content): every <t>, phonetic runs (<rPh>) left out. */
export function stringItemText(inner: string): string {
  // Nearly every item is one plain <t>: read in place (a sheet of inline strings has 300,000).
  const start = plainTextStart(inner, 0);
  if (start >= 0) {
    const lt = inner.indexOf('<', start);
    if (lt === inner.length - 4 && inner.startsWith('</t>', lt)) {
      return decodeXString(decodeXml(inner.slice(start, lt)));
    }
  }
  let text = '';
  // rPh holds <t> elements of its own: matching it whole skips them.
  for (const el of elements(inner, 'rPh|t')) {
    if (el.local === 't' && !el.selfClosing) {
      if (!el.closed) break;
      text += innerOf(inner, el);
    }
  }
  return decodeXString(decodeXml(text));
}

/**
 * Where the text of a plain `<t>` element starting at `at` begins (`<t>`, or `<t` with attributes
 * such as xml:space); -1 when there is no such start tag there.
 */
function plainTextStart(xml: string, at: number): number {
  if (!xml.startsWith('<t', at)) return -1;
  const c = xml.charCodeAt(at + 2);
  if (c === 62 /* > */) return at + 3;
  if (!isXmlSpace(c)) return -1;
  const end = scanStartTag(xml, at);
  return scanned.complete && !scanned.selfClosing ? end : -1;
}

/**
 * Reads the plain items that follow one another from `from` (`<si><t>text</t></si>`, the `<t>`
 * maybe with attributes such as xml:space, spaces between items) into `out`, in place: the way
 * nearly every writer writes nearly every item. Returns where the first other markup starts.
 */
function plainItems(xml: string, from: number, out: string[]): number {
  let p = from;
  for (;;) {
    let q = p;
    while (isXmlSpace(xml.charCodeAt(q))) q++;
    if (!xml.startsWith('<si>', q)) return p;
    const textStart = plainTextStart(xml, q + 4);
    if (textStart < 0) return p;
    const lt = xml.indexOf('<', textStart);
    if (lt < 0 || !xml.startsWith('</t></si>', lt)) return p;
    out.push(decodeXString(decodeXml(xml.slice(textStart, lt))));
    p = lt + 9;
  }
}

/** Every string item, rich-text runs concatenated, phonetic runs left out, `_xHHHH_` decoded. */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (let from = 0; ;) {
    from = plainItems(xml, from, out);
    const el = firstElement(xml, 'si', from);
    if (!el) return out;
    out.push(stringItemText(innerOf(xml, el)));
    from = Math.max(el.end, el.start + 1);
  }
}

/**
 * `readSharedStrings` of a part not yet checked, in the same pass as its well-formedness check
 * (`xmlProblem`). Null when the part is not well-formed or names an item with a prefix (`<x:si>`)
 * or a name the element search takes for an item (`<si\u3000>`):
 * the caller then checks and reads it the general way.
 */
export function readCheckedSharedStrings(xml: string): string[] | null {
  const items = new StringItems();
  try {
    return xmlProblem(xml, items) === null ? items.out : null;
  } catch {
    return null;
  }
}

class PrefixedItem extends Error {}
const PREFIXED_ITEM = new PrefixedItem('a prefixed string item');

/**
 * The visitor of `readCheckedSharedStrings`: each <si> (at any depth, not inside another) as
 * `readSharedStrings` reads it. An item that is one <t> of text is read in place; any other
 * goes through `stringItemText`.
 */
class StringItems implements XmlVisitor {
  readonly out: string[] = [];
  /** Depth of the open <si>; -1 outside any. */
  private itemDepth = -1;
  private itemFrom = 0;
  /** The item is one <t> of text so far; where that text lies. */
  private plain = true;
  private textFrom = -1;
  private textTo = -1;

  startTag(xml: string, lt: number, depth: number): void {
    const local = scanned.localStart;
    // `<si\u3000>`: the general reader's element search takes it for an item.
    if (scanned.nameEnd - local > 2 && scannedNameExtends(xml, 'si')) throw PREFIXED_ITEM;
    const isT = scanned.nameEnd - local === 1 && xml.charCodeAt(local) === 116;
    if (this.itemDepth >= 0) {
      // The first child, a <t> without prefix, keeps the item plain; anything else does not.
      if (
        this.plain &&
        isT &&
        depth === this.itemDepth + 1 &&
        this.textFrom < 0 &&
        local === lt + 1
      ) {
        this.textFrom = this.textTo = scanned.end;
      } else this.plain = false;
      return;
    }
    if (scanned.nameEnd - local !== 2 || !xml.startsWith('si', local)) return;
    if (local !== lt + 1) throw PREFIXED_ITEM;
    if (scanned.selfClosing) {
      this.out.push('');
      return;
    }
    this.itemDepth = depth;
    this.itemFrom = scanned.end;
    this.plain = true;
    this.textFrom = this.textTo = -1;
  }

  endTag(xml: string, lt: number, depth: number): void {
    if (this.itemDepth < 0) return;
    if (depth === this.itemDepth + 1 && this.textFrom >= 0) this.textTo = lt;
    if (depth !== this.itemDepth) return;
    this.itemDepth = -1;
    if (!this.plain) this.out.push(stringItemText(xml.slice(this.itemFrom, lt)));
    else if (this.textFrom < 0) this.out.push('');
    else this.out.push(decodeXString(decodeXml(xml.slice(this.textFrom, this.textTo))));
  }

  otherMarkup(): void {
    if (this.itemDepth >= 0) this.plain = false;
  }
}
