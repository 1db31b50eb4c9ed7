/**
 * Money as finance writes it in budget tables: `1,563`, `-1,862`, `(1,862)`, `£ 1,563`, `TBD`.
 * Pure text handling, no host APIs: the same code runs in Node and in an Office add-in.
 *
 * Nothing is scaled or rounded here: a value is the number as written, in the units the table
 * states (see {@link parseUnits}); the caller applies the scale when it needs to.
 */

export type Amount =
  | {
      kind: 'number';
      /** The number as written, in the table's units (not scaled); never -0. */
      value: number;
      /** How many decimals were written (`12.50` -> 2, `1,563` -> 0). */
      decimals: number;
      /** Written in parentheses, the accountants' negative: `(1,862)`. */
      parenthesised: boolean;
    }
  | { kind: 'blank' }
  /** A marker that says "no figure here" (TBD, n/a, [x], a lone dash ...), trimmed, as shown. */
  | { kind: 'no-value'; text: string }
  /** Anything else: junk in a numeric column (trimmed). */
  | { kind: 'invalid'; text: string };

export interface AmountStyle {
  /**
   * The decimal mark. '.' (the default, UK): `1,234.56`. ',' (continental files, usually
   * semicolon-separated): `1.234,56`, and then '.' groups thousands.
   */
  decimalMark?: '.' | ',';
}

/** Letters-and-brackets markers, compared without regard to case. */
const NO_VALUE_WORDS = new Set(['tbd', 'tbc', 'tba', 'n/a', 'na', '[x]', '[c]', '[z]', '[u]']);
/** Dash and dot markers, compared exactly. '…' is what Office AutoCorrect makes of '...'. */
const NO_VALUE_MARKS = new Set(['-', '\u2013', '\u2014', '..', '...', '\u2026']);

/** True when `s` (already trimmed) is one of the "no figure here" markers. */
export function isNoValueMarker(s: string): boolean {
  return NO_VALUE_MARKS.has(s) || NO_VALUE_WORDS.has(s.toLowerCase());
}

/** Spaces that may group thousands: space, no-break space, narrow no-break space, thin space. */
const SPACE_GROUPS = ' \u00a0\u202f\u2009';

// A minus: hyphen-minus, U+2212 minus sign, or an en dash (Word and Excel AutoCorrect turn
// " - " into " – "). It must touch what follows (a digit, the decimal mark or '£'), so a lone
// dash stays a no-value marker and "– 5" is not read as a number.
const SIGN = '[-+\\u2212\\u2013]';

interface Grammar {
  plain: RegExp;
  paren: RegExp;
  decimalMark: string;
  groupMarks: string;
}

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

function makeGrammar(decimalMark: '.' | ','): Grammar {
  const groupMarks = (decimalMark === '.' ? ',' : '.') + SPACE_GROUPS;
  const g = escapeClass(groupMarks);
  const d = escapeClass(decimalMark);
  // The integer part with any grouping marks (checked properly later), then the fraction.
  const body = `(\\d(?:[\\d${g}]*\\d)?)?(?:[${d}](\\d+))?`;
  return {
    // sign? £? sign? number — at most one sign (checked below), whitespace only after '£'.
    plain: new RegExp(`^(${SIGN})?(£\\s*)?(${SIGN})?${body}$`, 'u'),
    // £? ( £? number ) — at most one '£' (checked below).
    paren: new RegExp(`^(£\\s*)?\\(\\s*(£\\s*)?${body}\\s*\\)$`, 'u'),
    decimalMark,
    groupMarks,
  };
}

const GRAMMARS = { '.': makeGrammar('.'), ',': makeGrammar(',') } as const;

/** The digits of a well-grouped integer part (`1,563` -> `1563`), or null when badly grouped. */
function integerDigits(int: string, groupMarks: string): string | null {
  if (/^\d+$/.test(int)) return int;
  const mark = [...int].find((c) => groupMarks.includes(c));
  if (mark === undefined) return null;
  const groups = int.split(mark);
  // 1-3 digits not starting with 0 (so `0,563` is not taken for 563), then groups of exactly 3.
  if (!/^[1-9]\d{0,2}$/.test(groups[0])) return null;
  for (let i = 1; i < groups.length; i++) if (!/^\d{3}$/.test(groups[i])) return null;
  return groups.join('');
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

function isMinus(sign: string | undefined): boolean {
  return sign !== undefined && sign !== '+';
}

/**
 * Reads one cell of a money column.
 *
 * Accepted: `1563`, `1,563`, `1 563` (space, U+00A0, U+202F or U+2009 grouping), `£1,563`,
 * `£ 1,563`, `-1,862`, `−1,862` (U+2212), `–1,862` (en dash touching the digits), `-£1,862`,
 * `£-1,862`, `(1,862)`, `(£1,862)`, `£(1,862)`, `+200`, `0`, `0.0`, `12.5`, `.5`, `1,234.56`.
 * Surrounding whitespace (any Unicode space) is ignored.
 *
 * Not accepted (-> invalid): badly placed grouping (`1,56,3`, `1,5`, `0,563`), exponents
 * (`1.5e3`), unit suffixes (`4k`, `£4m`, `12%`), a trailing decimal mark (`5.`), trailing
 * minus (`1,862-`), other currencies, any letters that are not a no-value marker.
 */
export function parseAmount(text: string, style: AmountStyle = {}): Amount {
  const s = text.trim();
  if (s === '') return { kind: 'blank' };
  if (isNoValueMarker(s)) return { kind: 'no-value', text: s };
  // Plain digits, most of any table: no pattern needed.
  if (s.length <= 15 && isDigits(s)) {
    return { kind: 'number', value: Number(s), decimals: 0, parenthesised: false };
  }
  const invalid: Amount = { kind: 'invalid', text: s };

  const grammar = GRAMMARS[style.decimalMark ?? '.'];
  let negative: boolean;
  let parenthesised: boolean;
  let int: string | undefined;
  let frac: string | undefined;

  const plain = grammar.plain.exec(s);
  if (plain) {
    const [, sign1, , sign2] = plain;
    if (sign1 !== undefined && sign2 !== undefined) return invalid;
    negative = isMinus(sign1) || isMinus(sign2);
    parenthesised = false;
    [int, frac] = [plain[4], plain[5]];
  } else {
    const paren = grammar.paren.exec(s);
    if (!paren) return invalid;
    if (paren[1] !== undefined && paren[2] !== undefined) return invalid;
    negative = true;
    parenthesised = true;
    [int, frac] = [paren[3], paren[4]];
  }
  if (int === undefined && frac === undefined) return invalid;

  const digits = int === undefined ? '0' : integerDigits(int, grammar.groupMarks);
  if (digits === null) return invalid;
  const magnitude = Number(frac === undefined ? digits : `${digits}.${frac}`);
  if (!Number.isFinite(magnitude)) return invalid;
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { kind: 'number', value, decimals: frac?.length ?? 0, parenthesised };
}

/** The units a header or units cell states. */
export interface Units {
  /** The units as written in the cell, e.g. `£000`, `000s`, `£ million`, `£` (brackets dropped). */
  label: string;
  /** What one written unit is worth in pounds: 1, 1000, 1e6 (or 1e9 for `£bn`). */
  scale: number;
}

const CUR = '(?:£|GBP)';
const END = '(?![\\p{L}\\p{N}])';
const UNIT_PATTERNS: readonly { re: RegExp; scale: number }[] = [
  // £000, £'000, £ 000s, £000's, GBP 000
  { re: new RegExp(`${CUR}\\s*['’]?000(?:['’]?s)?${END}`, 'iu'), scale: 1e3 },
  { re: new RegExp(`${CUR}\\s*(?:k|thousands?)${END}`, 'iu'), scale: 1e3 },
  { re: new RegExp(`${CUR}\\s*(?:millions?|mln|mn|m)${END}`, 'iu'), scale: 1e6 },
  { re: new RegExp(`${CUR}\\s*(?:billions?|bn)${END}`, 'iu'), scale: 1e9 },
  // Without a currency: '000, ’000s, 000s, 000's — or (000) / [000] standing alone in brackets.
  { re: new RegExp(`(?<![\\p{L}\\p{N},.])['’]000(?:['’]?s)?${END}`, 'iu'), scale: 1e3 },
  { re: new RegExp(`(?<![\\p{L}\\p{N},.'’])000['’]?s${END}`, 'iu'), scale: 1e3 },
  { re: /(?<=[([])000(?=[)\]])/u, scale: 1e3 },
  // A bare '£' (or GBP) that is not the start of an amount: `Amount (£)`, `£`.
  { re: new RegExp(`${CUR}(?!\\s*[-\\u2212\\u2013(.\\d])${END}`, 'iu'), scale: 1 },
];

/**
 * The units a header or units cell states: `£000`, `£'000`, `£000s`, `(000s)`, `000s`, `£k`,
 * `£ thousands`, `£m`, `£mn`, `£ million`, `£bn`, `£` — anywhere in the text, so
 * `2017-18 £000` and `Gross Expenditure Budget (000s)` work. The first units in the text win.
 * Null when the text states none (amounts like `£55k` or `£1,563` are not units).
 */
export function parseUnits(text: string): Units | null {
  let best: { index: number; label: string; scale: number } | null = null;
  for (const { re, scale } of UNIT_PATTERNS) {
    const m = re.exec(text);
    if (m && (best === null || m.index < best.index)) {
      best = { index: m.index, label: m[0], scale };
    }
  }
  return best && { label: best.label.trim(), scale: best.scale };
}

/**
 * Formats a number the way finance writes it, for messages: 1862 -> `1,862`, -1862 -> `-1,862`,
 * 0.5 -> `0.5`. With `decimals`, exactly that many decimals (rounded): (12.5, 2) -> `12.50`;
 * without, as many as the number needs, up to 9 (so float noise such as 0.1 + 0.2 prints `0.3`).
 * Never prints `-0`. Uses '-' (hyphen-minus) and ',' regardless of the machine's locale.
 */
export function formatAmount(value: number, decimals?: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return String(value);
  const places = decimals === undefined ? 9 : Math.max(0, Math.min(20, Math.trunc(decimals)));
  let fixed = Math.abs(value).toFixed(places);
  if (decimals === undefined && fixed.includes('.')) fixed = fixed.replace(/\.?0+$/, '');
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
  const isZero = /^[0.]*$/.test(fixed);
  return (value < 0 && !isZero ? '-' : '') + grouped + (frac === undefined ? '' : `.${frac}`);
}
