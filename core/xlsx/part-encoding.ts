/**
 * The text encoding of an XML part, as its bytes and XML declaration say: a part is decoded in
 * the encoding it declares, and a changed part is written back in that same encoding (UTF-8 or
 * UTF-16, with or without a byte-order mark, as it was), so its declaration stays true.
 */

export interface PartEncoding {
  /** `utf-8`, `utf-16le`, `utf-16be`, or another label the XML declaration gave (e.g. `iso-8859-1`). */
  name: string;
  /** The part starts with a byte-order mark. */
  bom: boolean;
}

export const UTF8: PartEncoding = { name: 'utf-8', bom: false };

/** The bytes are not text in the encoding they declare: a one-line reason (no part name). */
export class PartEncodingError extends Error {
  override name = 'PartEncodingError';
}

const DECLARED = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/** The encoding named in the XML declaration at the start of `head` (ASCII-compatible text). */
function declaredIn(head: string): string | undefined {
  return DECLARED.exec(head)?.[1]?.toLowerCase();
}

function isUtf16Label(label: string): boolean {
  return /^(utf-?16|ucs-?2|unicode)/.test(label);
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8';
}

function ascii(bytes: Uint8Array, from: number, step: number, le: boolean): string {
  let s = '';
  for (let i = from; i + step - 1 < bytes.length && s.length < 200; i += step) {
    const code =
      step === 1 ? bytes[i] : le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    if (code > 0x7f || code === 0) break;
    s += String.fromCharCode(code);
    if (code === 62 /* > */) break;
  }
  return s;
}

/** How the part's bytes are encoded, from its byte-order mark, first bytes and declaration. */
export function detectEncoding(bytes: Uint8Array): PartEncoding {
  const [b0, b1, b2, b3] = bytes;
  let found: PartEncoding;
  let head: string;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    found = { name: 'utf-8', bom: true };
    head = ascii(bytes, 3, 1, true);
  } else if (b0 === 0xff && b1 === 0xfe) {
    found = { name: 'utf-16le', bom: true };
    head = ascii(bytes, 2, 2, true);
  } else if (b0 === 0xfe && b1 === 0xff) {
    found = { name: 'utf-16be', bom: true };
    head = ascii(bytes, 2, 2, false);
  } else if (b0 === 0x3c && b1 === 0 && b3 === 0 && bytes.length >= 4) {
    found = { name: 'utf-16le', bom: false };
    head = ascii(bytes, 0, 2, true);
  } else if (b0 === 0 && b1 === 0x3c && b2 === 0 && bytes.length >= 4) {
    found = { name: 'utf-16be', bom: false };
    head = ascii(bytes, 0, 2, false);
  } else {
    head = ascii(bytes, 0, 1, true);
    const declared = declaredIn(head);
    if (declared === undefined || isUtf8Label(declared)) return UTF8;
    if (isUtf16Label(declared)) {
      throw new PartEncodingError(`it says it is in ${declared.toUpperCase()} but is not`);
    }
    return { name: declared, bom: false };
  }
  const declared = declaredIn(head);
  const utf16 = found.name !== 'utf-8';
  if (declared !== undefined && (utf16 ? !isUtf16Label(declared) : !isUtf8Label(declared))) {
    throw new PartEncodingError(
      `it says it is in ${declared.toUpperCase()} but is written in ${found.name.toUpperCase()}`,
    );
  }
  return found;
}

const decoders = new Map<string, { decode(bytes: Uint8Array): string }>();

function decoder(label: string): { decode(bytes: Uint8Array): string } {
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    } catch {
      throw new PartEncodingError(`it is in the text encoding "${label}", which cannot be read`);
    }
    decoders.set(label, d);
  }
  return d;
}

/** The part's text (without byte-order mark) and its encoding. Throws PartEncodingError. */
export function decodePart(bytes: Uint8Array): { text: string; encoding: PartEncoding } {
  const encoding = detectEncoding(bytes);
  const skip = encoding.bom ? (encoding.name === 'utf-8' ? 3 : 2) : 0;
  const body = bytes.subarray(skip);
  if (encoding.name !== 'utf-8' && encoding.name.startsWith('utf-16') && body.length % 2) {
    throw new PartEncodingError(
      `it is cut short (an odd number of bytes in ${encoding.name.toUpperCase()})`,
    );
  }
  try {
    return { text: decoder(encoding.name).decode(body), encoding };
  } catch (e) {
    if (e instanceof PartEncodingError) throw e;
    throw new PartEncodingError(`it is not valid ${encoding.name.toUpperCase()} text`);
  }
}

function utf16(text: string, bom: boolean, le: boolean): Uint8Array {
  const offset = bom ? 2 : 0;
  const out = new Uint8Array(offset + text.length * 2);
  if (bom) {
    out[0] = le ? 0xff : 0xfe;
    out[1] = le ? 0xfe : 0xff;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const at = offset + 2 * i;
    out[at + (le ? 0 : 1)] = c & 0xff;
    out[at + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}

/**
 * The bytes of a part's text in `encoding`: UTF-8 or UTF-16 as it was (same byte order, same
 * byte-order mark). Other encodings are not written: the declaration is rewritten to UTF-8 and
 * the text written in UTF-8, so what the part says about itself stays true.
 */
export function encodePart(text: string, encoding: PartEncoding): Uint8Array {
  if (encoding.name === 'utf-16le' || encoding.name === 'utf-16be') {
    return utf16(text, encoding.bom, encoding.name === 'utf-16le');
  }
  let body = text;
  if (encoding.name !== 'utf-8') {
    body = text.replace(/^(<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2');
  }
  const bytes = new TextEncoder().encode(body);
  if (!(encoding.name === 'utf-8' && encoding.bom)) return bytes;
  const out = new Uint8Array(bytes.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(bytes, 3);
  return out;
}
