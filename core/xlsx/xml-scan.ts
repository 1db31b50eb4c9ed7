/**
 * The one XML scanner of the package code: the reader (core/xlsx) and the patchers (sync/xlsx)
 * find elements and attributes with it. Plain string scanning, no DOM, so a patcher can replace
 * the exact characters of one element and leave every other byte as written.
 *
 * Elements may carry any namespace prefix (`<x:c>`), attributes any quote style and order;
 * comments, CDATA sections, processing instructions and declarations are skipped.
 *
 * Two levels:
 * - `scanStartTag` reads one start tag into the module-level `scanned` record (no allocation per
 *   tag): the hot path of cell reading and of the well-formedness check.
 * - `elements`, `firstElement`, `childElements`, `rootElement` find whole elements, their end tag
 *   matched by depth (an element may contain another of the same name).
 */

// ---------------------------------------------------------------------------------------------
// Low level: one start tag at a time

/** What the last `scanStartTag` read. Overwritten by the next call. */
export const scanned = {
  /** Index of the '<'. */
  start: 0,
  /** Start of the local name (after any `prefix:`). */
  localStart: 0,
  /** End of the qualified name. */
  nameEnd: 0,
  /** Index just after the tag's '>' (the end of the text when the tag is unterminated). */
  end: 0,
  selfClosing: false,
  /** False when the text ended before the tag's '>'. */
  complete: true,
  /** Attribute syntax the scanner had to step over (a name without a quoted value, a missing space). */
  malformed: false,
  /** Number of attributes; their positions are in `attrNameStart`... below. */
  attrCount: 0,
};

/** Positions of the scanned tag's attributes: name [start, end), value [start, end) without quotes. */
export const attrNameStart: number[] = [];
export const attrNameEnd: number[] = [];
export const attrValueStart: number[] = [];
export const attrValueEnd: number[] = [];

export function isXmlSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/**
 * Scans the start tag whose '<' is at `lt` (followed by its name) into `scanned` and the
 * attribute positions. Returns `scanned.end`. Quoted values may hold '>'.
 */
export function scanStartTag(xml: string, lt: number): number {
  const n = xml.length;
  scanned.start = lt;
  scanned.malformed = false;
  scanned.complete = true;
  scanned.selfClosing = false;
  let count = 0;
  let i = lt + 1;
  let localStart = i;
  for (;;) {
    const ch = xml.charCodeAt(i);
    if (ch === 58 /* : */) localStart = i + 1;
    else if (isXmlSpace(ch) || ch === 62 || ch === 47 || i >= n) break;
    i++;
  }
  scanned.localStart = localStart;
  scanned.nameEnd = i;
  let spaced = true;
  for (;;) {
    let ch = xml.charCodeAt(i);
    if (isXmlSpace(ch)) {
      spaced = true;
      do ch = xml.charCodeAt(++i);
      while (isXmlSpace(ch));
    }
    if (ch === 62 /* > */) {
      scanned.end = i + 1;
      break;
    }
    if (ch === 47 /* / */) {
      if (xml.charCodeAt(i + 1) === 62) {
        scanned.end = i + 2;
        scanned.selfClosing = true;
        break;
      }
      scanned.malformed = true;
      i++;
      continue;
    }
    if (i >= n) {
      scanned.end = n;
      scanned.complete = false;
      scanned.selfClosing = true;
      break;
    }
    if (!spaced) scanned.malformed = true;
    spaced = false;
    const nameStart = i;
    while (ch !== 61 && ch !== 62 && ch !== 47 && !isXmlSpace(ch) && i < n) {
      ch = xml.charCodeAt(++i);
    }
    const nameEnd = i;
    while (isXmlSpace(ch)) ch = xml.charCodeAt(++i);
    if (ch !== 61 /* = */) {
      scanned.malformed = true; // a name without a value: carry on from here
      continue;
    }
    ch = xml.charCodeAt(++i);
    while (isXmlSpace(ch)) ch = xml.charCodeAt(++i);
    if (ch !== 34 && ch !== 39) {
      scanned.malformed = true;
      continue;
    }
    const close = xml.indexOf(ch === 34 ? '"' : "'", i + 1);
    if (close < 0) {
      scanned.end = n;
      scanned.complete = false;
      scanned.selfClosing = true;
      break;
    }
    attrNameStart[count] = nameStart;
    attrNameEnd[count] = nameEnd;
    attrValueStart[count] = i + 1;
    attrValueEnd[count] = close;
    count++;
    i = close + 1;
  }
  scanned.attrCount = count;
  return scanned.end;
}

/** Raw (not entity-decoded) value of attribute `name` (exact qualified name) of the scanned tag. */
export function scannedAttr(xml: string, name: string): string | undefined {
  const k = scannedAttrIndex(xml, name);
  return k < 0 ? undefined : xml.slice(attrValueStart[k], attrValueEnd[k]);
}

/**
 * Index of the scanned tag's attribute `name` (exact qualified name; the first, as scannedAttr
 * reads it) in `attrNameStart`...; -1 when it has none. For reading a value in place.
 */
export function scannedAttrIndex(xml: string, name: string): number {
  const len = name.length;
  for (let k = 0; k < scanned.attrCount; k++) {
    const s = attrNameStart[k];
    if (attrNameEnd[k] - s === len && xml.startsWith(name, s)) return k;
  }
  return -1;
}

/**
 * True when the scanned tag's local name is `local` and more, the next character one that
 * JavaScript's `\s` matches and an XML name may hold (`<si\u3000>`, `<sheetData\uFEFF>`):
 * `elements` and `matchingEnd` take such a tag for a `local` element, so a reader that must
 * find the elements they find leaves it to them.
 */
export function scannedNameExtends(xml: string, local: string): boolean {
  const from = scanned.localStart;
  return (
    scanned.nameEnd - from > local.length &&
    xml.startsWith(local, from) &&
    /\s/.test(xml.charAt(from + local.length))
  );
}

/**
 * Index just after the markup at `lt` that is not a start tag: an end tag, comment, CDATA
 * section, processing instruction or declaration (the text's end when it is unterminated).
 */
export function markupEnd(xml: string, lt: number): number {
  let end: number;
  const next = xml.charCodeAt(lt + 1);
  // End tags, the common case, go straight to their '>'.
  if (next === 33 /* ! */) {
    if (xml.startsWith('<!--', lt)) {
      end = xml.indexOf('-->', lt + 4);
      return end < 0 ? xml.length : end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      end = xml.indexOf(']]>', lt + 9);
      return end < 0 ? xml.length : end + 3;
    }
  } else if (next === 63 /* ? */) {
    end = xml.indexOf('?>', lt + 2);
    return end < 0 ? xml.length : end + 2;
  }
  end = xml.indexOf('>', lt + 1);
  return end < 0 ? xml.length : end + 1;
}

/** True when the '<' at `lt` opens a start tag (not an end tag, comment, CDATA, PI or declaration). */
export function isStartTag(xml: string, lt: number): boolean {
  const c = xml.charCodeAt(lt + 1);
  return c !== 47 && c !== 33 && c !== 63 && lt + 1 < xml.length;
}

/**
 * Index of the end tag `</qname` (whitespace allowed before its '>') at or after `from`, not
 * counting nesting; -1 when there is none. For the content of leaf elements such as `<v>`.
 */
export function findEndTag(xml: string, open: string, from: number): number {
  let i = from;
  for (;;) {
    const at = xml.indexOf(open, i);
    if (at < 0) return -1;
    let j = at + open.length;
    while (isXmlSpace(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) === 62) return at;
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Whole elements

export interface XmlElement {
  /** Namespace prefix with its colon (`x:`), '' for none. */
  prefix: string;
  local: string;
  /** Index of the start tag's '<'. */
  start: number;
  /** Index just after the start tag. */
  openEnd: number;
  /** Index of the end tag's '<' (= openEnd when self-closing). */
  closeStart: number;
  /** Index just after the end tag (or the self-closing start tag). */
  end: number;
  selfClosing: boolean;
  /** False when the end tag is missing: the element runs to the end of the range searched. */
  closed: boolean;
}

// A processing instruction runs to its `?>` (it may hold '>'), as `markupEnd` and the
// well-formedness check read it.
const SKIP =
  '<!--[\\s\\S]*?(?:-->|$)|<!\\[CDATA\\[[\\s\\S]*?(?:\\]\\]>|$)|<\\?[\\s\\S]*?(?:\\?>|$)|<![^>]*>?';
const NAME_PREFIX = '([A-Za-z_][\\w.-]*:)?';

const openRePool = new Map<string, RegExp[]>();
const closeReCache = new Map<string, RegExp>();

/**
 * A regex for start tags of `local` (or one of `a|b`), any prefix, or markup to skip. Taken from
 * a pool and given back with `releaseOpenRe`: generators over the same name may be suspended
 * inside one another, so each needs its own, and building one per call is slow.
 */
function takeOpenRe(local: string): RegExp {
  return (
    openRePool.get(local)?.pop() ?? new RegExp(`${SKIP}|<${NAME_PREFIX}(${local})(?=[\\s/>])`, 'g')
  );
}

function releaseOpenRe(local: string, re: RegExp): void {
  let list = openRePool.get(local);
  if (!list) openRePool.set(local, (list = []));
  if (list.length < 8) list.push(re);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Start and end tags of exactly `qname`, or markup to skip (used synchronously: one per name). */
function closeRe(qname: string): RegExp {
  let re = closeReCache.get(qname);
  if (!re) {
    re = new RegExp(`${SKIP}|<(/?)${escapeRe(qname)}(?=[\\s/>])`, 'g');
    closeReCache.set(qname, re);
  }
  return re;
}

/**
 * The end tag matching the start tag `<qname ...>` that ends at `from`, counting nested elements
 * of the same name: [its '<', the index after it], or null when it is not found before `to`.
 */
export function matchingEnd(
  xml: string,
  qname: string,
  from: number,
  to = xml.length,
): [number, number] | null {
  const re = closeRe(qname);
  re.lastIndex = from;
  let depth = 1;
  for (;;) {
    const m = re.exec(xml);
    if (!m || m.index >= to) return null;
    if (m[1] === undefined) continue; // comment, CDATA, PI
    if (m[1] === '/') {
      let j = re.lastIndex;
      while (isXmlSpace(xml.charCodeAt(j))) j++;
      if (xml.charCodeAt(j) !== 62) continue;
      if (--depth === 0) return [m.index, j + 1];
      re.lastIndex = j + 1;
    } else {
      re.lastIndex = scanStartTag(xml, m.index);
      if (!scanned.selfClosing) depth++;
    }
  }
}

/** The element whose start tag begins at `lt` (its name already known). */
function elementAt(xml: string, lt: number, to: number): XmlElement {
  const openEnd = scanStartTag(xml, lt);
  const prefix = xml.slice(lt + 1, scanned.localStart);
  const local = xml.slice(scanned.localStart, scanned.nameEnd);
  if (scanned.selfClosing) {
    return {
      prefix,
      local,
      start: lt,
      openEnd,
      closeStart: openEnd,
      end: openEnd,
      selfClosing: true,
      closed: scanned.complete,
    };
  }
  const close = matchingEnd(xml, prefix + local, openEnd, to);
  return {
    prefix,
    local,
    start: lt,
    openEnd,
    closeStart: close ? close[0] : to,
    end: close ? close[1] : to,
    selfClosing: false,
    closed: close !== null,
  };
}

/**
 * Elements named `local` (or one of `a|b`; any prefix) that start between `from` and `to`, in
 * document order; the search goes on after each element's end, so elements nested in a match
 * are not listed.
 */
export function* elements(
  xml: string,
  local: string,
  from = 0,
  to = xml.length,
): Generator<XmlElement> {
  const re = takeOpenRe(local);
  try {
    re.lastIndex = from;
    for (;;) {
      const m = re.exec(xml);
      if (!m || m.index >= to) return;
      if (m[2] === undefined) continue; // comment, CDATA, PI, declaration
      const el = elementAt(xml, m.index, to);
      yield el;
      re.lastIndex = Math.max(el.end, m.index + 1);
    }
  } finally {
    releaseOpenRe(local, re);
  }
}

/** The first element named `local` (any prefix) between `from` and `to`. */
export function firstElement(
  xml: string,
  local: string,
  from = 0,
  to = xml.length,
): XmlElement | undefined {
  for (const el of elements(xml, local, from, to)) return el;
  return undefined;
}

/** The child elements of `parent` (only its direct children), optionally only those named `local`. */
export function childElements(xml: string, parent: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (parent.selfClosing) return out;
  const to = parent.closeStart;
  let i = parent.openEnd;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) return out;
    if (!isStartTag(xml, lt)) {
      i = markupEnd(xml, lt);
      continue;
    }
    const el = elementAt(xml, lt, to);
    if (local === undefined || el.local === local) out.push(el);
    i = Math.max(el.end, lt + 1);
  }
}

/** The name of the document's root element, without looking for its end. */
export function rootName(xml: string): { prefix: string; local: string } | undefined {
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return undefined;
    if (isStartTag(xml, lt)) {
      scanStartTag(xml, lt);
      return {
        prefix: xml.slice(lt + 1, scanned.localStart),
        local: xml.slice(scanned.localStart, scanned.nameEnd),
      };
    }
    i = markupEnd(xml, lt);
  }
}

/** The document's root element (the first element after the prolog). */
export function rootElement(xml: string): XmlElement | undefined {
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return undefined;
    if (isStartTag(xml, lt)) return elementAt(xml, lt, xml.length);
    i = markupEnd(xml, lt);
  }
}

/** The start tag of an element, from '<' to '>'. */
export function startTagOf(xml: string, el: XmlElement): string {
  return xml.slice(el.start, el.openEnd);
}

/** The content between an element's start and end tags ('' when self-closing). */
export function innerOf(xml: string, el: XmlElement): string {
  return xml.slice(el.openEnd, el.closeStart);
}

// ---------------------------------------------------------------------------------------------
// Attributes and text

export interface Attr {
  /** Qualified name, e.g. `r:id`. */
  name: string;
  /** Value as written (entities not decoded). */
  value: string;
  /** The quote around the value as written. */
  quote: '"' | "'";
}

/** Attributes of a start tag (`<name a="1" ...>`), in document order, values as written. */
export function parseAttrs(tag: string): Attr[] {
  scanStartTag(tag, 0);
  const out: Attr[] = [];
  for (let k = 0; k < scanned.attrCount; k++) {
    out.push({
      name: tag.slice(attrNameStart[k], attrNameEnd[k]),
      value: tag.slice(attrValueStart[k], attrValueEnd[k]),
      quote: tag[attrValueStart[k] - 1] === "'" ? "'" : '"',
    });
  }
  return out;
}

/** One attribute of a start tag by qualified name, as written (entities not decoded). */
export function getAttr(tag: string, name: string): string | undefined {
  scanStartTag(tag, 0);
  return scannedAttr(tag, name);
}

/** All attributes of a start tag, entity-decoded, keyed by qualified name. */
export function attrMap(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of parseAttrs(tag)) out[a.name] = decodeXml(a.value);
  return out;
}

/** An attribute by local name, whatever its prefix (`r:id`, `ns1:id`); unprefixed wins. */
export function attrLocal(
  a: Record<string, string>,
  local: string,
  prefixedOnly = false,
): string | undefined {
  if (!prefixedOnly && a[local] !== undefined) return a[local];
  for (const key of Object.keys(a)) {
    const colon = key.indexOf(':');
    if (colon >= 0 && key.slice(colon + 1) === local && key.slice(0, colon) !== 'xmlns')
      return a[key];
  }
  return undefined;
}

const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/** Decodes XML character references and the five named entities. */
export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY_RE, (whole, body: string) => {
    switch (body) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
