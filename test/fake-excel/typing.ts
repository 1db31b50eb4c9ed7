/**
 * What Excel does with a string written through `Range.values` (as if typed, en-US), and the
 * `Range.text` of a value under a number format. Dates are serial numbers of the 1900 system.
 */

export type Typed =
  | { kind: 'empty' }
  | { kind: 'formula'; formula: string }
  | { kind: 'text'; text: string; quotePrefix: boolean }
  | { kind: 'number'; value: number; numberFormat?: string }
  | { kind: 'boolean'; value: boolean };

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** Serial number (1900 system, with Excel's phantom 29 Feb 1900) of a calendar date. */
export function serialOf(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  const s = Math.round((t - EPOCH) / DAY_MS);
  if (s < 1) return null;
  return s < 61 ? s - 1 : s;
}

/** Calendar date of a serial (1900 system). */
export function dateOf(serial: number): { y: number; m: number; d: number; frac: number } {
  const whole = Math.floor(serial);
  const frac = serial - whole;
  if (whole === 60) return { y: 1900, m: 2, d: 29, frac };
  const days = whole < 60 ? whole + 1 : whole;
  const date = new Date(EPOCH + days * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), frac };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function year(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 30 ? 2000 + y : 1900 + y;
}

function parseDate(s: string): { serial: number; numberFormat: string } | null {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(s);
  if (m) {
    const serial = serialOf(year(m[3]), Number(m[1]), Number(m[2]));
    return serial === null ? null : { serial, numberFormat: 'm/d/yyyy' };
  }
  m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) {
    const serial = serialOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return serial === null ? null : { serial, numberFormat: 'm/d/yyyy' };
  }
  m = /^(\d{1,2})[- ]([A-Za-z]{3,9})[- ](\d{4}|\d{2})$/.exec(s);
  if (m) {
    const month = MONTHS.findIndex(
      (x) =>
        x.toLowerCase() === m![2].toLowerCase() ||
        x.slice(0, 3).toLowerCase() === m![2].toLowerCase(),
    );
    if (month < 0) return null;
    const serial = serialOf(year(m[3]), month + 1, Number(m[1]));
    return serial === null ? null : { serial, numberFormat: 'd-mmm-yy' };
  }
  return null;
}

const NUMBER = /^([+-])?(\$)?(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(%)?$/;

function parseNumber(s: string): { value: number; numberFormat?: string } | null {
  let text = s.trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1].trim();
  }
  const m = NUMBER.exec(text);
  if (!m) return null;
  const [, sign, dollar, int, frac, exp, pct] = m;
  if (!/\d/.test(`${int}${frac ?? ''}`)) return null;
  if (paren && sign) return null;
  if (exp !== undefined && (dollar || pct || int.includes(','))) return null;
  let value = Number(
    `${int.replace(/,/g, '') || '0'}${frac && frac !== '.' ? frac : ''}${exp !== undefined ? `e${exp}` : ''}`,
  );
  if (sign === '-' || negative) value = -value;
  if (pct) value /= 100;
  const decimals = frac && frac.length > 1 ? '.00' : '';
  let numberFormat: string | undefined;
  if (pct) numberFormat = `0${decimals}%`;
  else if (dollar) numberFormat = `$#,##0${decimals}`;
  else if (int.includes(',')) numberFormat = `#,##0${decimals}`;
  else if (exp !== undefined) numberFormat = '0.00E+00';
  return numberFormat ? { value, numberFormat } : { value };
}

/**
 * A value written through `values`/`formulas`, as Excel stores it. `cellFormat` is the cell's
 * number format: under Text ('@') strings stay text.
 */
export function typeValue(v: string | number | boolean, cellFormat: string | undefined): Typed {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  const s = String(v);
  if (s === '') return { kind: 'empty' };
  if (s.startsWith("'")) return { kind: 'text', text: s.slice(1), quotePrefix: true };
  if (cellFormat === '@') return { kind: 'text', text: s, quotePrefix: false };
  if (s.startsWith('=') && s.length > 1) return { kind: 'formula', formula: s };
  const num = parseNumber(s);
  if (num) return { kind: 'number', ...num };
  // "If the value starts with a plus, minus or equal sign, Excel interprets it as a formula."
  if ((s.startsWith('+') || s.startsWith('-')) && s.trim().length > 1) {
    return { kind: 'formula', formula: `=${s}` };
  }
  const date = parseDate(s.trim());
  if (date) return { kind: 'number', value: date.serial, numberFormat: date.numberFormat };
  if (/^(true|false)$/i.test(s.trim())) return { kind: 'boolean', value: /^true$/i.test(s.trim()) };
  return { kind: 'text', text: s, quotePrefix: false };
}

// ---------------------------------------------------------------------------------------------
// Number formats -> text

function stripLiterals(section: string): string {
  return section.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
}

export function isDateFormat(fmt: string): boolean {
  return (
    /[dmyhs]/i.test(stripLiterals(fmt).replace(/General/gi, '')) && !/^[#0.,%E+\-\s$]*$/.test(fmt)
  );
}

function generalText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) {
    return n
      .toExponential(5)
      .replace(/\.?0+e/, 'E')
      .replace(/E([+-])(\d)$/, 'E$10$2')
      .toUpperCase();
  }
  const digits = Math.max(1, 10 - Math.max(0, Math.floor(Math.log10(abs || 1))));
  return String(Number(n.toFixed(Math.min(digits, 10))));
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function dateText(fmt: string, serial: number): string {
  const { y, m, d, frac } = dateOf(serial);
  const secs = Math.round(frac * 86400);
  const hh = Math.floor(secs / 3600) % 24;
  const mi = Math.floor(secs / 60) % 60;
  const ss = secs % 60;
  const ampm = /AM\/PM|A\/P/i.test(fmt);
  const tokens =
    fmt.match(
      /"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|A\/P|./gi,
    ) ?? [];
  let out = '';
  let lastWasHour = false;
  tokens.forEach((tok, i) => {
    const t = tok.toLowerCase();
    const nextIsSecond = tokens
      .slice(i + 1)
      .find((x) => /^[a-z]/i.test(x))
      ?.toLowerCase()
      .startsWith('s');
    if (tok.startsWith('"')) out += tok.slice(1, -1);
    else if (tok.startsWith('\\')) out += tok.slice(1);
    else if (tok.startsWith('[')) out += '';
    else if (t === 'yyyy') out += pad(y, 4);
    else if (t === 'yy') out += pad(y % 100, 2);
    else if (t === 'mmmmm') out += MONTHS[m - 1][0];
    else if (t === 'mmmm') out += MONTHS[m - 1];
    else if (t === 'mmm') out += MONTHS[m - 1].slice(0, 3);
    else if (t === 'mm' || t === 'm') {
      const minutes = lastWasHour || nextIsSecond;
      const v = minutes ? mi : m;
      out += t === 'mm' ? pad(v, 2) : String(v);
    } else if (t === 'dddd') out += DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
    else if (t === 'ddd') out += DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()].slice(0, 3);
    else if (t === 'dd') out += pad(d, 2);
    else if (t === 'd') out += String(d);
    else if (t === 'hh' || t === 'h') {
      const v = ampm ? ((hh + 11) % 12) + 1 : hh;
      out += t === 'hh' ? pad(v, 2) : String(v);
    } else if (t === 'ss') out += pad(ss, 2);
    else if (t === 's') out += String(ss);
    else if (t === 'am/pm') out += hh < 12 ? 'AM' : 'PM';
    else if (t === 'a/p') out += hh < 12 ? 'A' : 'P';
    else out += tok;
    if (/^[a-z]/i.test(tok)) lastWasHour = t === 'h' || t === 'hh';
  });
  return out;
}

function numberText(section: string, n: number): string {
  const body = section.replace(/\[[^\]]*\]/g, '');
  const sci = /([#0?.]+)E([+-])(0+)/i.exec(body.replace(/"[^"]*"/g, ''));
  if (sci) {
    const decimals = sci[1].includes('.') ? sci[1].split('.')[1].length : 0;
    const [mant, exp] = Math.abs(n).toExponential(decimals).split('e');
    const e = Number(exp);
    const sign = e < 0 ? '-' : sci[2] === '+' ? '+' : '';
    return `${mant}E${sign}${String(Math.abs(e)).padStart(sci[3].length, '0')}`;
  }
  const tokens: string[] =
    body.match(/"[^"]*"|\\.|_.|\*.|[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+|./g) ?? [];
  const percent = tokens.includes('%');
  const value = Math.abs(percent ? n * 100 : n);
  const ph = tokens.find((t) => /^[#0?.]/.test(t) && /[#0?]/.test(t));
  let num = '';
  if (ph) {
    const [intPart, fracPart] = ph.split('.');
    const decimals = fracPart === undefined ? 0 : fracPart.length;
    const fixed = value.toFixed(decimals);
    const [i, f] = fixed.split('.');
    const minInt = (intPart.match(/0/g) ?? []).length;
    let int = i === '0' && minInt === 0 ? '' : i.padStart(minInt, '0');
    if (intPart.includes(',')) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    num = f !== undefined ? `${int}.${f}` : int;
  }
  let out = '';
  let done = false;
  for (const tok of tokens) {
    if (tok.startsWith('"')) out += tok.slice(1, -1);
    else if (tok.startsWith('\\')) out += tok.slice(1);
    else if (tok.startsWith('_')) out += ' ';
    else if (tok.startsWith('*')) continue;
    else if (tok === ph && !done) {
      out += num;
      done = true;
    } else out += tok;
  }
  return out;
}

/** `Range.text` of a value under a number format (the common en-US cases). */
export function formatText(value: unknown, fmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') {
    const sections = (fmt ?? '').split(';');
    if (sections.length >= 4 && sections[3].includes('@'))
      return sections[3].replace(/"([^"]*)"/g, '$1').replace('@', value);
    return value;
  }
  if (typeof value !== 'number') return String(value);
  const format = fmt && fmt !== 'General' ? fmt : 'General';
  if (format === 'General' || format === '@') return generalText(value);
  const sections = format.split(';');
  let section = sections[0];
  let n = value;
  if (value < 0 && sections.length > 1) {
    section = sections[1];
    n = -value;
  } else if (value === 0 && sections.length > 2) section = sections[2];
  if (isDateFormat(section)) return value < 0 ? '#'.repeat(10) : dateText(section, n);
  if (/General/i.test(section)) return section.replace(/General/i, generalText(n));
  const text = numberText(section, n);
  return n < 0 && sections.length === 1 ? `-${text}` : text;
}
