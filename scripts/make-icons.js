#!/usr/bin/env node
/**
 * Draws the add-in's icons (assets/icon-16.png ... icon-128.png): three Gantt bars in Office
 * green and blue on a white rounded tile. No dependencies: shapes are rasterised with 8x8
 * supersampling and written as RGBA PNGs with zlib and hand-built chunks.
 *
 *   node scripts/make-icons.js
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 64, 80, 128];
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

const WHITE = [255, 255, 255];
const BORDER = [198, 198, 198];
const GREEN = [16, 124, 65]; // #107C41, Excel green
const BLUE = [15, 108, 189]; // #0F6CBD, Office brand blue
const GRID = [224, 224, 224];

/** Signed distance to a rounded rectangle (negative inside), in unit coordinates. */
function roundRect(x, y, r) {
  const cx = (r.x0 + r.x1) / 2;
  const cy = (r.y0 + r.y1) / 2;
  const hw = (r.x1 - r.x0) / 2 - r.radius;
  const hh = (r.y1 - r.y0) / 2 - r.radius;
  const dx = Math.max(Math.abs(x - cx) - hw, 0);
  const dy = Math.max(Math.abs(y - cy) - hh, 0);
  const outside = Math.hypot(dx, dy);
  const inside = Math.min(Math.max(Math.abs(x - cx) - hw, Math.abs(y - cy) - hh), 0);
  return outside + inside - r.radius;
}

/** The picture, front to back: returns [r, g, b, a] (0-255, a 0-1) at unit point (x, y). */
function shade(x, y, size) {
  const px = 1 / size; // one pixel in unit coordinates
  const tile = { x0: 0.03, y0: 0.03, x1: 0.97, y1: 0.97, radius: 0.16 };
  const dTile = roundRect(x, y, tile);
  if (dTile > 0) return null;
  const border = Math.max(px, 0.035);
  const barH = size <= 16 ? 0.2 : 0.16;
  const bars = [
    { x0: 0.17, x1: 0.6, yc: 0.3, colour: GREEN },
    { x0: 0.35, x1: 0.83, yc: 0.5, colour: BLUE },
    { x0: 0.52, x1: 0.83, yc: 0.7, colour: GREEN },
  ];
  for (const b of bars) {
    const r = { x0: b.x0, x1: b.x1, y0: b.yc - barH / 2, y1: b.yc + barH / 2, radius: barH / 3 };
    if (roundRect(x, y, r) <= 0) return b.colour;
  }
  if (dTile > -border) return BORDER;
  // A faint time grid behind the bars on the larger icons.
  if (size >= 64) {
    for (const gx of [0.35, 0.52, 0.69]) if (Math.abs(x - gx) < px / 2) return GRID;
  }
  return WHITE;
}

function render(size) {
  const SS = 8;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = shade((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size, size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const size of SIZES) {
  const file = join(OUT, `icon-${size}.png`);
  const bytes = png(size, render(size));
  writeFileSync(file, bytes);
  console.log(`${file} (${size}x${size}, ${bytes.length} bytes)`);
}
