/**
 * A TrueType font with only the outlines a picture needs: resvg re-reads its font file for every
 * glyph it draws (some 1,500 times for a page of labels), and DejaVu Sans is 750 KB, nearly all
 * outlines. Glyph numbers, metrics, character map, kerning and substitution tables stay exactly as
 * they are; the outlines of characters the picture does not use are emptied, so what is drawn is
 * drawn pixel for pixel the same, from a file a fraction of the size.
 *
 * Kept besides the characters used: every glyph no character maps to (ligatures, alternates: what
 * substitutions may produce), the Latin, punctuation, currency and presentation-form blocks (what
 * composition may produce from Latin text), and every component of a kept composite glyph.
 */

/** Codepoint ranges always kept, whatever the text. */
const ALWAYS: readonly (readonly [number, number])[] = [
  [0x0000, 0x024f], // Basic Latin to Latin Extended-B
  [0x0300, 0x036f], // combining diacritical marks
  [0x1e00, 0x1eff], // Latin Extended Additional (Welsh ŵ ŷ ẁ ẃ...)
  [0x2000, 0x206f], // general punctuation
  [0x20a0, 0x20cf], // currency symbols
  [0x2100, 0x214f], // letterlike symbols
  [0xfb00, 0xfb06], // Latin ligatures
];

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

interface Table {
  tag: string;
  offset: number;
  length: number;
}

/** Character -> glyph pairs of the font's Unicode character map (format 4 or 12). */
function unicodeMap(view: DataView, cmap: number): Map<number, number> {
  const map = new Map<number, number>();
  const count = view.getUint16(cmap + 2);
  let best = -1;
  let bestFormat = 0;
  for (let i = 0; i < count; i++) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 4 + i * 8 + 2);
    const at = cmap + view.getUint32(cmap + 4 + i * 8 + 4);
    const format = view.getUint16(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (format > bestFormat) {
      best = at;
      bestFormat = format;
    }
  }
  if (best < 0) throw new Error('no Unicode character map');
  if (bestFormat === 12) {
    const groups = view.getUint32(best + 12);
    for (let g = 0; g < groups; g++) {
      const start = view.getUint32(best + 16 + g * 12);
      const end = view.getUint32(best + 16 + g * 12 + 4);
      const glyph = view.getUint32(best + 16 + g * 12 + 8);
      for (let c = start; c <= end; c++) map.set(c, glyph + (c - start));
    }
    return map;
  }
  const segments = view.getUint16(best + 6) / 2;
  const ends = best + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = view.getUint16(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

function checksum(bytes: Uint8Array, from: number, length: number): number {
  let sum = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const padded = (length + 3) & ~3;
  for (let i = 0; i < padded; i += 4) sum = (sum + view.getUint32(from + i)) >>> 0;
  return sum;
}

/**
 * `ttf` with the outlines of the glyphs no kept character needs emptied. `used`: the characters
 * of the picture's text. Throws on a font it does not understand (the caller keeps the full font).
 */
export function trimFont(ttf: Uint8Array, used: Iterable<number>): Uint8Array {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  if (view.getUint32(0) !== 0x00010000) throw new Error('not a TrueType font');
  const numTables = view.getUint16(4);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.push({
      tag: tag(ttf, at),
      offset: view.getUint32(at + 8),
      length: view.getUint32(at + 12),
    });
  }
  const find = (name: string) => {
    const t = tables.find((x) => x.tag === name);
    if (!t) throw new Error(`no ${name} table`);
    return t;
  };
  const head = find('head');
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(find('maxp').offset + 4);
  const loca = find('loca');
  const glyf = find('glyf');
  const glyphStart = (g: number) =>
    longLoca ? view.getUint32(loca.offset + g * 4) : view.getUint16(loca.offset + g * 2) * 2;

  const cmap = unicodeMap(view, find('cmap').offset);
  const keep = new Uint8Array(numGlyphs);
  keep[0] = 1; // .notdef
  const mapped = new Uint8Array(numGlyphs);
  for (const g of cmap.values()) if (g < numGlyphs) mapped[g] = 1;
  for (let g = 0; g < numGlyphs; g++) if (!mapped[g]) keep[g] = 1;
  const keepChar = (c: number) => {
    const g = cmap.get(c);
    if (g !== undefined && g < numGlyphs) keep[g] = 1;
  };
  for (const [from, to] of ALWAYS) for (let c = from; c <= to; c++) keepChar(c);
  for (const c of used) keepChar(c);

  // Components of kept composite glyphs (and theirs).
  const stack: number[] = [];
  for (let g = 0; g < numGlyphs; g++) if (keep[g]) stack.push(g);
  while (stack.length) {
    const g = stack.pop()!;
    const start = glyphStart(g);
    if (glyphStart(g + 1) <= start) continue;
    const at = glyf.offset + start;
    if (view.getInt16(at) >= 0) continue; // a simple glyph
    let p = at + 10;
    for (;;) {
      const flags = view.getUint16(p);
      const component = view.getUint16(p + 2);
      if (component < numGlyphs && !keep[component]) {
        keep[component] = 1;
        stack.push(component);
      }
      p += 4 + (flags & 0x0001 ? 4 : 2); // arguments: words or bytes
      if (flags & 0x0008)
        p += 2; // a scale
      else if (flags & 0x0040)
        p += 4; // x and y scales
      else if (flags & 0x0080) p += 8; // a 2 by 2 matrix
      if (!(flags & 0x0020)) break; // no more components
    }
  }

  // The new outlines and where each glyph starts in them.
  const parts: Uint8Array[] = [];
  const starts = new Uint32Array(numGlyphs + 1);
  let size = 0;
  for (let g = 0; g < numGlyphs; g++) {
    starts[g] = size;
    if (!keep[g]) continue;
    const from = glyphStart(g);
    const to = glyphStart(g + 1);
    if (to > from) {
      parts.push(ttf.subarray(glyf.offset + from, glyf.offset + to));
      size += to - from;
    }
  }
  starts[numGlyphs] = size;
  const newGlyf = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    newGlyf.set(p, o);
    o += p.length;
  }
  const newLoca = new Uint8Array(longLoca ? (numGlyphs + 1) * 4 : (numGlyphs + 1) * 2);
  const locaView = new DataView(newLoca.buffer);
  for (let g = 0; g <= numGlyphs; g++) {
    if (longLoca) locaView.setUint32(g * 4, starts[g]);
    else locaView.setUint16(g * 2, starts[g] / 2);
  }

  // Glyph names (a tenth of the file) are for printers and font editors, not for drawing: the
  // version 3 'post' table has none, the rest of its header as it was.
  const newPost = new Uint8Array(32);
  const post = find('post');
  newPost.set(ttf.subarray(post.offset, post.offset + 32));
  new DataView(newPost.buffer).setUint32(0, 0x00030000);

  // The font again: the same tables in the same order, three of them replaced.
  const data = tables.map((t) =>
    t.tag === 'glyf'
      ? newGlyf
      : t.tag === 'loca'
        ? newLoca
        : t.tag === 'post'
          ? newPost
          : ttf.subarray(t.offset, t.offset + t.length),
  );
  const dirSize = 12 + numTables * 16;
  let total = dirSize;
  for (const d of data) total += (d.length + 3) & ~3;
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  out.set(ttf.subarray(0, 12));
  let at = dirSize;
  tables.forEach((t, i) => {
    const d = data[i];
    out.set(d, at);
    const rec = 12 + i * 16;
    out.set(ttf.subarray(rec, rec + 4), rec);
    outView.setUint32(rec + 4, checksum(out, at, d.length));
    outView.setUint32(rec + 8, at);
    outView.setUint32(rec + 12, d.length);
    at += (d.length + 3) & ~3;
  });
  return out;
}
