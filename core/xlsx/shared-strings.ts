/** Reading step: the shared strings part (`xl/sharedStrings.xml`), the text of `t="s"` cells. */
import {
  decodeXml,
  elements,
  firstElement,
  innerOf,
  isXmlSpace,
  scanned,
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
 * Reads the plain items that follow one another from `from` (`<si><t>text</t></si>`, the `<t>`
 * maybe with attributes such as xml:space, spaces between items) into `out`, in place: the way
 * nearly every writer writes nearly every item. Returns where the first other markup starts.
 */
function plainItems(xml: string, from: number, out: string[]): number {
  let p = from;
  for (;;) {
    let q = p;
    while (isXmlSpace(xml.charCodeAt(q))) q++;
    if (!xml.startsWith('<si><t', q)) return p;
    const c = xml.charCodeAt(q + 6);
    let textStart: number;
    if (c === 62 /* > */) textStart = q + 7;
    else {
      if (!isXmlSpace(c)) return p;
      textStart = scanStartTag(xml, q + 4);
      if (!scanned.complete || scanned.selfClosing) return p;
    }
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
