/** Reading step: the shared strings part (`xl/sharedStrings.xml`), the text of `t="s"` cells. */
import { decodeXml, elements, innerOf } from './xml-scan.js';

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

/** Every string item, rich-text runs concatenated, phonetic runs left out, `_xHHHH_` decoded. */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const el of elements(xml, 'si')) out.push(stringItemText(innerOf(xml, el)));
  return out;
}
