/**
 * Small string-level XML writing helpers: we patch parts as text so everything we do not touch
 * stays byte for byte. Finding elements and reading attributes is core/xlsx/xml-scan.ts's job.
 */

import { parseAttrs, rootName, scanned, scanStartTag } from '../../core/xlsx/xml-scan.js';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Escapes characters XML 1.0 cannot hold as OOXML does (`_x0001_`), and a literal `_xHHHH_`. */
export function escapeCellText(text: string): string {
  return escapeXml(
    text
      .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m.slice(1)}`)
      .replace(
        // eslint-disable-next-line no-control-regex -- exactly the characters XML cannot hold
        /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
        (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
      ),
  );
}

/**
 * A `<t>` holding `text`, with xml:space="preserve" when it starts or ends with white space:
 * Excel trims the text of a `<t>` without it (a lone ' ' would become empty).
 */
export function textElement(p: string, text: string): string {
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<${p}t${space}>${escapeCellText(text)}</${p}t>`;
}

/**
 * Sets (or adds, at the end) attributes of a start tag, keeping the others as written (value
 * and quotes) and in order. New values are written in double quotes: pass them escaped.
 */
export function setAttrs(tag: string, values: Record<string, string | null>): string {
  const attrs = parseAttrs(tag);
  const name = tag.slice(0, scanned.nameEnd);
  const selfClosing = scanned.selfClosing;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of attrs) {
    if (Object.hasOwn(values, a.name)) {
      seen.add(a.name);
      const v = values[a.name];
      if (v !== null) out.push(`${a.name}="${v}"`);
    } else {
      out.push(`${a.name}=${a.quote}${a.value}${a.quote}`);
    }
  }
  for (const [k, v] of Object.entries(values))
    if (!seen.has(k) && v !== null) out.push(`${k}="${v}"`);
  return `${name}${out.length ? ' ' + out.join(' ') : ''}${selfClosing ? '/>' : '>'}`;
}

/** `setAttrs` on the start tag of a whole element (`<xf ...><alignment/></xf>`). */
export function setElementAttrs(element: string, values: Record<string, string | null>): string {
  const end = scanStartTag(element, 0);
  return setAttrs(element.slice(0, end), values) + element.slice(end);
}

/** The namespace prefix (with colon) of the root element, e.g. `x:` for `<x:worksheet>`; '' for none. */
export function rootPrefix(xml: string): string {
  return rootName(xml)?.prefix ?? '';
}
