/**
 * Is a part well-formed XML 1.0? Checked on every part the reader reads (a truncated or damaged
 * part is refused with a reason instead of being half read) and on every part a writer changed,
 * before the file is written. One pass with the scanner of xml-scan.ts, no DOM: a 50,000-task
 * sheet takes a fraction of a second.
 *
 * Checked: one root element; tags that nest and close; attribute syntax, no attribute twice in
 * a tag, no '<' in a value; only the five predefined entities and valid character references;
 * only characters XML 1.0 allows; a well-formed XML declaration; every namespace prefix declared
 * where it is used; no DOCTYPE (Office parts never have one, and entity definitions are how
 * "billion laughs" files attack readers).
 */
import {
  attrNameEnd,
  attrNameStart,
  attrValueEnd,
  attrValueStart,
  isXmlSpace,
  scanned,
  scanStartTag,
} from './xml-scan.js';

/**
 * Code units that may start a character XML 1.0 does not allow: controls, U+FFFE, U+FFFF and
 * surrogates (allowed only as a pair). Searched by code unit, not with the `u` flag: a Unicode
 * search walks two-byte text (any sheet with a "£" or an "é") about four times slower.
 */
// eslint-disable-next-line no-control-regex -- exactly the characters XML cannot hold
const MAYBE_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** Index of the first character XML does not allow (a lone surrogate included); -1 when none. */
export function badCharIndex(xml: string): number {
  MAYBE_BAD.lastIndex = 0;
  for (let m = MAYBE_BAD.exec(xml); m; m = MAYBE_BAD.exec(xml)) {
    const at = m.index;
    const code = xml.charCodeAt(at);
    // A high surrogate followed by a low one is one character beyond U+FFFF. A low surrogate
    // found here is lone: the search would have met its pair's high half first.
    if (code < 0xd800 || code > 0xdbff) return at;
    const next = xml.charCodeAt(at + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return at;
    MAYBE_BAD.lastIndex = at + 2;
  }
  return -1;
}

const DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;

function isNameStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 95 ||
    c === 58 ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7)
  );
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

function isName(xml: string, from: number, to: number): boolean {
  if (to <= from || !isNameStart(xml.charCodeAt(from))) return false;
  for (let i = from + 1; i < to; i++) if (!isNameChar(xml.charCodeAt(i))) return false;
  return true;
}

function isXmlChar(code: number): boolean {
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Short text around `at`, for a message. */
function near(xml: string, at: number): string {
  const text = xml.slice(at, at + 30).replace(/\s+/g, ' ');
  return `"${text}${xml.length > at + 30 ? '...' : ''}"`;
}

/**
 * What a one-pass reader sees of a part while it is checked: each tag once, in document order,
 * as the check meets it (a reader reads as it goes, and drops what it read when the check fails).
 */
export interface XmlVisitor {
  /** A start tag that passed its checks; `scanned` describes it. `depth`: elements it is inside. */
  startTag(xml: string, lt: number, depth: number): void;
  /** The end tag at `lt` of the element opened at `depth` (self-closing ones have none). */
  endTag(xml: string, lt: number, depth: number): void;
  /** A comment, CDATA section or processing instruction at `lt`. */
  otherMarkup(lt: number, depth: number): void;
}

// What `XmlCheck.next` met: a start tag, an end tag, other markup, the end of a well-formed
// text, or a problem (in `XmlCheck.problem`).
const START_TAG = 0;
const END_TAG = 1;
const OTHER_MARKUP = 2;
const DONE = 3;
const PROBLEM = 4;

/**
 * Why `xml` is not well-formed, in one line; null when it is. `visitor` sees every tag and
 * other markup as the check passes it (the check goes on whatever the visitor does).
 */
export function xmlProblem(xml: string, visitor?: XmlVisitor): string | null {
  const bad = badCharIndex(xml);
  if (bad >= 0) {
    const code = xml.charCodeAt(bad);
    return `a character XML does not allow (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at position ${bad}`;
  }
  // The check is pulled one markup at a time, so its code (the large part) sees no visitor:
  // V8 optimises it once, and only this small loop again for each kind of visitor.
  const check = new XmlCheck(xml);
  for (;;) {
    const met = check.next();
    if (met === START_TAG) visitor?.startTag(xml, check.lt, check.level);
    else if (met === END_TAG) visitor?.endTag(xml, check.lt, check.level);
    else if (met === OTHER_MARKUP) visitor?.otherMarkup(check.lt, check.level);
    else return met === DONE ? null : check.problem;
  }
}

/**
 * The well-formedness check of one text, one markup at a time: `next` checks the text up to the
 * next markup and the markup itself, and says what it met (a start tag's details are in
 * `scanned` until the next scan).
 */
class XmlCheck {
  /** Where the markup `next` met starts, and how many elements it is inside. */
  lt = 0;
  level = 0;
  problem: string | null = null;
  private i = 0;
  // Open elements: where each one's qualified name starts in the text, and its length.
  private readonly openAt: number[] = [];
  private readonly openLen: number[] = [];
  private depth = 0;
  private roots = 0;
  // Namespace prefixes in scope: how many enclosing elements declare each, and what each
  // open element declared (to undo at its end tag).
  private readonly inScope = new Map<string, number>([['xml', 1]]);
  private readonly declaredAt: (string[] | null)[] = [];
  // The last attribute prefix found bound, while the prefixes in scope stay as they were: every
  // row of a sheet may carry x14ac:dyDescent, and the answer is the same each time.
  private scopeChanges = 0;
  private boundPrefix = '';
  private boundAt = -1;
  // '&' positions are checked in order: as references in text and attribute values, skipped
  // inside comments, CDATA sections and processing instructions.
  private amp: number;
  // The first '<' after the last start tag's own '<': where the next markup starts when it lies
  // past the tag (found once, for both).
  private nextLt = -1;

  constructor(private readonly xml: string) {
    this.amp = xml.indexOf('&');
  }

  private fail(problem: string): number {
    this.problem = problem;
    return PROBLEM;
  }

  /** True when no open element declares `prefix` (`xmlns` itself needs no declaration). */
  private unbound(prefix: string): boolean {
    return prefix !== 'xmlns' && !this.inScope.get(prefix);
  }

  /** True when the attribute name at [from, to) has a prefix no open element declares. */
  private attrPrefixUnbound(from: number, to: number): boolean {
    const xml = this.xml;
    let c = from;
    while (c < to && xml.charCodeAt(c) !== 58) c++;
    if (c === to) return false;
    if (
      this.boundAt === this.scopeChanges &&
      c - from === this.boundPrefix.length &&
      xml.startsWith(this.boundPrefix, from)
    )
      return false;
    const prefix = xml.slice(from, c);
    if (this.unbound(prefix)) return true;
    this.boundPrefix = prefix;
    this.boundAt = this.scopeChanges;
    return false;
  }

  /** Checks the references before `to`; the problem, or null. */
  private checkRefs(to: number): string | null {
    const xml = this.xml;
    let amp = this.amp;
    while (amp >= 0 && amp < to) {
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(xml);
      if (!m) return `a "&" that starts no valid reference at ${near(xml, amp)}`;
      if (m[1] === undefined) {
        const code = m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3], 16);
        if (!isXmlChar(code)) return `a reference to a character XML does not allow: ${m[0]}`;
      }
      amp = this.amp = xml.indexOf('&', REFERENCE.lastIndex);
    }
    return null;
  }

  private skipRefs(to: number): void {
    while (this.amp >= 0 && this.amp < to) this.amp = this.xml.indexOf('&', this.amp + 1);
  }

  private undeclare(prefixes: string[]): void {
    for (const prefix of prefixes) this.inScope.set(prefix, this.inScope.get(prefix)! - 1);
    this.scopeChanges++;
  }

  /** Checks up to the next markup and that markup; what it met. */
  next(): number {
    const xml = this.xml;
    const i = this.i;
    const lt = this.nextLt >= i ? this.nextLt : xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      if (this.depth === 0) {
        for (let k = i; k < textEnd; k++) {
          if (!isXmlSpace(xml.charCodeAt(k))) {
            return this.fail(`text outside the root element at ${near(xml, k)}`);
          }
        }
      } else if (this.amp >= 0 && this.amp < textEnd) {
        const problem = this.checkRefs(textEnd);
        if (problem) return this.fail(problem);
      }
    }
    if (lt < 0) {
      if (this.depth) {
        const at = this.openAt[this.depth - 1];
        return this.fail(`<${xml.slice(at, at + this.openLen[this.depth - 1])}> is never closed`);
      }
      return this.roots === 0 ? this.fail('no root element') : DONE;
    }
    this.lt = lt;
    this.level = this.depth;
    const next = xml.charCodeAt(lt + 1);
    if (next === 63 /* ? */ || next === 33 /* ! */) return this.otherMarkup(lt);
    if (next === 47 /* / */) return this.endTag(lt);
    return this.startTag(lt);
  }

  /** A processing instruction, comment, CDATA section or declaration at `lt`. */
  private otherMarkup(lt: number): number {
    const xml = this.xml;
    let end: number;
    if (xml.charCodeAt(lt + 1) === 63 /* ? */) {
      end = xml.indexOf('?>', lt + 2);
      if (end < 0) return this.fail('a processing instruction is never closed');
      if (/^<\?xml[\s?]/i.test(xml.slice(lt, lt + 6))) {
        if (lt !== 0) return this.fail('an XML declaration that is not at the start');
        if (!DECLARATION.test(xml.slice(0, end + 2))) {
          return this.fail(`an XML declaration XML does not allow: ${near(xml, 0)}`);
        }
      }
      end += 2;
    } else if (xml.startsWith('<!--', lt)) {
      end = xml.indexOf('-->', lt + 4);
      if (end < 0) return this.fail('a comment is never closed');
      end += 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (this.depth === 0) return this.fail('a CDATA section outside the root element');
      end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return this.fail('a CDATA section is never closed');
      end += 3;
    } else if (/^<!DOCTYPE/i.test(xml.slice(lt, lt + 9))) {
      return this.fail('a DOCTYPE declaration, which Office files never have');
    } else {
      return this.fail(`markup XML does not allow at ${near(xml, lt)}`);
    }
    this.skipRefs(end);
    this.i = end;
    return OTHER_MARKUP;
  }

  private endTag(lt: number): number {
    const xml = this.xml;
    if (this.depth === 0) return this.fail(`an end tag with no start tag at ${near(xml, lt)}`);
    const depth = --this.depth;
    this.level = depth;
    // Most elements declare no prefix: no loop (nor an empty array) for them.
    const declared = this.declaredAt[depth];
    if (declared) this.undeclare(declared);
    const at = this.openAt[depth];
    const len = this.openLen[depth];
    let j = lt + 2;
    let same = true;
    for (let k = 0; k < len && same; k++) same = xml.charCodeAt(j + k) === xml.charCodeAt(at + k);
    j += len;
    if (!same || !(isXmlSpace(xml.charCodeAt(j)) || xml.charCodeAt(j) === 62)) {
      return this.fail(`<${xml.slice(at, at + len)}> is closed by ${near(xml, lt)}`);
    }
    while (isXmlSpace(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) !== 62) return this.fail(`an end tag is not closed at ${near(xml, lt)}`);
    this.i = j + 1;
    return END_TAG;
  }

  private startTag(lt: number): number {
    const xml = this.xml;
    const end = scanStartTag(xml, lt);
    if (!scanned.complete) return this.fail(`a tag is never closed at ${near(xml, lt)}`);
    if (!isName(xml, lt + 1, scanned.nameEnd))
      return this.fail(`a tag without a valid name at ${near(xml, lt)}`);
    if (scanned.malformed) return this.fail(`attributes XML does not allow in ${near(xml, lt)}`);
    if (this.depth === 0 && this.roots++ > 0)
      return this.fail(`a second root element at ${near(xml, lt)}`);
    const count = scanned.attrCount;
    // A '<' anywhere inside the tag (names are checked first, in order) or none: one search.
    const nextLt = (this.nextLt = xml.indexOf('<', lt + 1));
    const anyLessThan = nextLt >= 0 && nextLt < end;
    // Prefixed names (xmlns: declarations included) need the namespace checks below.
    let anyColon = scanned.localStart > lt + 1;
    for (let k = 0; k < count; k++) {
      const ns = attrNameStart[k];
      const len = attrNameEnd[k] - ns;
      if (!isName(xml, ns, ns + len))
        return this.fail(`an attribute without a valid name in ${near(xml, lt)}`);
      for (let c = ns; c < ns + len && !anyColon; c++) anyColon = xml.charCodeAt(c) === 58;
      if (anyLessThan) {
        const lessThan = xml.indexOf('<', attrValueStart[k]);
        if (lessThan >= 0 && lessThan < attrValueEnd[k])
          return this.fail(`a "<" inside an attribute value in ${near(xml, lt)}`);
      }
      for (let m = 0; m < k; m++) {
        const other = attrNameStart[m];
        if (attrNameEnd[m] - other !== len) continue;
        let same = true;
        for (let c = 0; c < len && same; c++)
          same = xml.charCodeAt(ns + c) === xml.charCodeAt(other + c);
        if (same)
          return this.fail(`the attribute ${xml.slice(ns, ns + len)} twice in ${near(xml, lt)}`);
      }
    }
    if (this.amp >= 0 && this.amp < end) {
      const problem = this.checkRefs(end);
      if (problem) return this.fail(problem);
    }
    // Prefixes this tag declares are in scope for its own name and attributes.
    let declares: string[] | null = null;
    for (let k = 0; anyColon && k < count; k++) {
      const ns = attrNameStart[k];
      if (attrNameEnd[k] - ns > 6 && xml.startsWith('xmlns:', ns)) {
        const prefix = xml.slice(ns + 6, attrNameEnd[k]);
        (declares ??= []).push(prefix);
        this.inScope.set(prefix, (this.inScope.get(prefix) ?? 0) + 1);
        this.scopeChanges++;
      }
    }
    if (scanned.localStart > lt + 1 && this.unbound(xml.slice(lt + 1, scanned.localStart - 1))) {
      return this.fail(`an undeclared namespace prefix in ${near(xml, lt)}`);
    }
    for (let k = 0; anyColon && k < count; k++) {
      if (this.attrPrefixUnbound(attrNameStart[k], attrNameEnd[k])) {
        return this.fail(`an undeclared namespace prefix in ${near(xml, lt)}`);
      }
    }
    if (scanned.selfClosing) {
      if (declares) this.undeclare(declares);
    } else {
      const depth = this.depth++;
      this.declaredAt[depth] = declares;
      this.openAt[depth] = lt + 1;
      this.openLen[depth] = scanned.nameEnd - lt - 1;
    }
    this.i = end;
    return START_TAG;
  }
}
