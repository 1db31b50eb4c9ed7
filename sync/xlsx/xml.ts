/** Small string-level XML helpers: we patch parts as text so everything we do not touch stays byte for byte. */

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

export interface Attr {
  name: string;
  value: string;
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Attributes of a start tag, in document order, values left escaped as written. */
export function parseAttrs(tag: string): Attr[] {
  const attrs: Attr[] = [];
  const open = tag.search(/[\s/>]/);
  const body = tag.slice(open);
  ATTR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_RE.exec(body))) attrs.push({ name: m[1], value: m[3] ?? m[4] });
  return attrs;
}

export function getAttr(tag: string, name: string): string | undefined {
  return parseAttrs(tag).find((a) => a.name === name)?.value;
}

/** Sets (or adds, at the end) attributes of a start tag, keeping the others and their order. */
export function setAttrs(tag: string, values: Record<string, string | null>): string {
  const nameEnd = tag.search(/[\s/>]/);
  const name = tag.slice(0, nameEnd);
  const selfClosing = /\/\s*>$/.test(tag);
  const attrs = parseAttrs(tag);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of attrs) {
    if (a.name in values) {
      seen.add(a.name);
      const v = values[a.name];
      if (v !== null) out.push(`${a.name}="${v}"`);
    } else {
      out.push(`${a.name}="${a.value}"`);
    }
  }
  for (const [k, v] of Object.entries(values))
    if (!seen.has(k) && v !== null) out.push(`${k}="${v}"`);
  return `${name}${out.length ? ' ' + out.join(' ') : ''}${selfClosing ? '/>' : '>'}`;
}

/** The namespace prefix (with colon) of the root element, e.g. `x:` for `<x:worksheet>`; '' for none. */
export function rootPrefix(xml: string, localName: string): string {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${localName}[\\s>/]`).exec(xml);
  return m?.[1] ?? '';
}

/**
 * Finds the element `<p:name ...>...</p:name>` (or self-closing) starting at or after `from`.
 * Returns its start, the end of its start tag, the start of its end tag and its end.
 */
export function findElement(
  xml: string,
  qname: string,
  from = 0,
): { start: number; openEnd: number; closeStart: number; end: number } | null {
  const re = new RegExp(`<${qname}(?=[\\s/>])`, 'g');
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m) return null;
  const start = m.index;
  const openEnd = xml.indexOf('>', start) + 1;
  if (xml[openEnd - 2] === '/') return { start, openEnd, closeStart: openEnd, end: openEnd };
  const closeTag = `</${qname}>`;
  const closeStart = xml.indexOf(closeTag, openEnd);
  if (closeStart < 0) return null;
  return { start, openEnd, closeStart, end: closeStart + closeTag.length };
}

/** Top-level child elements of `<qname>` between `from` and `to`, as raw strings. */
export function childElements(xml: string, from: number, to: number, childQname: string): string[] {
  const out: string[] = [];
  let pos = from;
  while (pos < to) {
    const el = findElement(xml, childQname, pos);
    if (!el || el.start >= to) break;
    out.push(xml.slice(el.start, el.end));
    pos = el.end;
  }
  return out;
}

/** `setAttrs` on the start tag of a whole element (`<xf ...><alignment/></xf>`). */
export function setElementAttrs(element: string, values: Record<string, string | null>): string {
  const end = element.indexOf('>') + 1;
  return setAttrs(element.slice(0, end), values) + element.slice(end);
}
