/**
 * CSV files as finance teams actually send them: saved by Excel on Windows (Windows-1252, so a
 * `£` is the single byte 0xA3), UTF-8 with or without a BOM, "Unicode text" (UTF-16), comma,
 * semicolon or tab separated, with RFC 4180 quoting. Host-independent: bytes in, cells out,
 * using only the standard TextDecoder.
 */

export interface CsvCell {
  /** The field's text exactly as in the file: quotes removed and `""` unescaped, nothing trimmed. */
  text: string;
  /** 1-based line of the file on which the field starts. */
  line: number;
  /** 1-based field index within its row. */
  column: number;
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvSeparator = ',' | ';' | '\t';

export interface CsvTable {
  rows: CsvCell[][];
  encoding: CsvEncoding;
  separator: CsvSeparator;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Windows-1252 bytes 0x80-0x9F (WHATWG Encoding Standard); the five bytes it leaves undefined
 * keep their C1 code points, as browsers do. Decoded by hand because Node's TextDecoder treats
 * windows-1252 as Latin-1 since v20.18.3 (nodejs/node#60888), turning `–` (0x96) into U+0096.
 */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
    }
    // eslint-disable-next-line no-restricted-syntax -- at most CHUNK (8,192) codes
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  // 'utf-16le' is the one UTF-16 label every TextDecoder supports; swap pairs for big-endian.
  let le = bytes;
  if (bigEndian) {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      le[i] = bytes[i + 1];
      le[i + 1] = bytes[i];
    }
    if (bytes.length % 2 === 1) le[bytes.length - 1] = bytes[bytes.length - 1];
  }
  return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(le);
}

/**
 * UTF-16 without a BOM, recognised by its zero bytes: text CSV never contains NUL, but ASCII
 * characters in UTF-16 are half zero bytes, all on the same side of each pair.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (evenZeros === 0 && oddZeros >= pairs * 0.4) return 'utf-16le';
  if (oddZeros === 0 && evenZeros >= pairs * 0.4) return 'utf-16be';
  return null;
}

/**
 * Bytes to text. A BOM decides (UTF-8, UTF-16 LE/BE; the BOM is removed); otherwise UTF-16
 * recognised by its zero bytes; otherwise strict UTF-8; and if that fails, Windows-1252 (what
 * Excel on Windows writes for "CSV (Comma delimited)", so byte 0xA3 is `£`). A file with a UTF-8
 * BOM that is not valid UTF-8 after it is decoded leniently (bad bytes become U+FFFD).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3));
    return { text, encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16be' };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decodeUtf16(bytes, utf16 === 'utf-16be'), encoding: utf16 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// ---------------------------------------------------------------------------------------------
// Splitting into records

interface Scan {
  rows: CsvCell[][];
  /** Set when a quoted field never closes: the line and column where it opened. */
  unterminated?: { line: number; column: number };
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * RFC 4180 records from `text`, starting at `start` (which is on line `firstLine`). A field is quoted only when `"` is its first character; text
 * after the closing quote is kept as written (as Excel does), and a `"` inside an unquoted field
 * is an ordinary character. CRLF, LF and CR all end a line; a final line end does not start
 * another (empty) row.
 */
function scan(text: string, separator: CsvSeparator, start = 0, firstLine = 1): Scan {
  const sep = separator.charCodeAt(0);
  const rows: CsvCell[][] = [];
  const n = text.length;
  let i = start;
  let line = firstLine;
  let row: CsvCell[] = [];

  /** Moves past the line end at i (CRLF counts once) and counts it. */
  const newline = (): void => {
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
    i++;
    line++;
  };

  while (i < n) {
    const cellLine = line;
    const column = row.length + 1;
    let value = '';
    if (text.charCodeAt(i) === QUOTE) {
      i++;
      let closed = false;
      while (i < n) {
        const q = text.indexOf('"', i);
        const chunkEnd = q === -1 ? n : q;
        // Count the line ends inside the quoted text (kept as written in the value).
        for (let j = i; j < chunkEnd; j++) {
          const c = text.charCodeAt(j);
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) line++;
        }
        value += text.slice(i, chunkEnd);
        if (q === -1) {
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          closed = true;
          break;
        }
      }
      if (!closed) {
        row.push({ text: value, line: cellLine, column });
        rows.push(row);
        return { rows, unterminated: { line: cellLine, column } };
      }
    }
    // Unquoted text (or what follows a closing quote) runs to the separator or the line end.
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === sep || c === LF || c === CR) break;
      j++;
    }
    value += text.slice(i, j);
    i = j;
    row.push({ text: value, line: cellLine, column });

    if (i >= n) break;
    if (text.charCodeAt(i) === sep) {
      i++;
      if (i >= n) row.push({ text: '', line, column: column + 1 }); // `a,` at the very end
      continue;
    }
    newline();
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return { rows };
}

// ---------------------------------------------------------------------------------------------
// Choosing the separator

const CANDIDATES: readonly CsvSeparator[] = [',', ';', '\t'];
const SAMPLE_ROWS = 20;

/** Excel's `sep=;` first line, which names the separator and is not data. */
function separatorLine(text: string): { separator: CsvSeparator; next: number } | null {
  const m = /^sep=(,|;|\t)(\r\n|\n|\r|$)/i.exec(text);
  return m ? { separator: m[1] as CsvSeparator, next: m[0].length } : null;
}

function isBlankRow(row: CsvCell[]): boolean {
  return row.every((c) => c.text.trim() === '');
}

/** True when every comma outside quotes in the sample sits between two digits (`1,563`). */
function commasOnlyInNumbers(text: string): boolean {
  let quoted = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      seen = true;
      if (!/\d/.test(text[i - 1] ?? '') || !/\d/.test(text[i + 1] ?? '')) return false;
    }
  }
  return seen;
}

/**
 * The separator of a CSV text. An Excel `sep=` first line decides. Otherwise each candidate
 * splits the first 20 non-blank records (quotes respected); its score is how many of them
 * have its most common field count above 1. The highest score wins; ties go to the larger field
 * count, then away from a comma that only ever appears inside numbers (`Pressures<TAB>1,563`),
 * then to comma, semicolon, tab. A text with no separator at all is comma (one column).
 */
export function detectSeparator(text: string): CsvSeparator {
  const hint = separatorLine(text);
  if (hint) return hint.separator;

  // The extent of the sample: the first SAMPLE_ROWS non-blank lines, read comma-wise (the
  // quoting rules do not depend on the separator, only field boundaries do).
  let sampleEnd = text.length;
  {
    let nonBlank = 0;
    let quoted = false;
    let lineHasText = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      if (!quoted && (c === '\n' || c === '\r')) {
        if (lineHasText && ++nonBlank >= SAMPLE_ROWS) {
          sampleEnd = i;
          break;
        }
        lineHasText = false;
      } else if (c.trim() !== '') lineHasText = true;
    }
  }
  const sample = text.slice(0, sampleEnd);

  interface Score {
    separator: CsvSeparator;
    score: number;
    fields: number;
  }
  const scores: Score[] = CANDIDATES.map((separator) => {
    const rows = scan(sample, separator).rows.filter((r) => !isBlankRow(r));
    const freq = new Map<number, number>();
    for (const r of rows) if (r.length > 1) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
    let best: Score = { separator, score: 0, fields: 1 };
    for (const [fields, score] of freq) {
      if (score > best.score || (score === best.score && fields > best.fields)) {
        best = { separator, score, fields };
      }
    }
    return best;
  });

  const commaInNumbers = commasOnlyInNumbers(sample);
  const rank = (s: Score): number[] => [
    s.score,
    s.fields,
    s.separator === ',' && commaInNumbers ? 0 : 1,
    -CANDIDATES.indexOf(s.separator),
  ];
  let winner = scores[0];
  for (const s of scores.slice(1)) {
    const a = rank(s);
    const b = rank(winner);
    const k = a.findIndex((v, idx) => v !== b[idx]);
    if (k !== -1 && a[k] > b[k]) winner = s;
  }
  return winner.score === 0 ? ',' : winner.separator;
}

// ---------------------------------------------------------------------------------------------

export interface CsvOptions {
  /** Use this separator instead of detecting one (an Excel `sep=` first line is still skipped). */
  separator?: CsvSeparator;
}

/**
 * Reads a CSV file: decodes it ({@link decodeText}), picks the separator
 * ({@link detectSeparator}) and splits it into rows of cells with their line and column.
 * Rows keep their own lengths; a blank line is a row of one empty cell; the final line end
 * does not make an extra row; an Excel `sep=` first line is not returned as a row.
 * Throws CsvError when a quoted field is never closed, naming the line where it opened.
 */
export function parseCsv(bytes: Uint8Array, options: CsvOptions = {}): CsvTable {
  const { text, encoding } = decodeText(bytes);
  const hint = separatorLine(text);
  const separator = options.separator ?? hint?.separator ?? detectSeparator(text);
  const result = scan(text, separator, hint ? hint.next : 0, hint ? 2 : 1);
  if (result.unterminated) {
    const { line, column } = result.unterminated;
    throw new CsvError(
      `Line ${line}, column ${column}: a quoted field opens here but its closing quote (") is ` +
        `missing, so the rest of the file would be one cell. Check for a stray " in that cell.`,
      line,
    );
  }
  return { rows: result.rows, encoding, separator };
}
