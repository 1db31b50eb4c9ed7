/** Raw-deflate decompression in the browser, for the host-independent zip reader of core/xlsx. */

import { Inflate } from 'fflate';

/** Compressed bytes fed at a time: deflate expands at most ~1,032 times, so output stays near the cap. */
const CHUNK = 16 * 1024;

/**
 * Inflates raw deflate data (no zlib or gzip header), as zip entries hold it; null as soon as
 * the output would pass `maxBytes`, so a zip bomb is refused without being inflated.
 */
export function inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > maxBytes) over = true;
    else chunks.push(chunk);
  });
  for (let at = 0; !over; at += CHUNK) {
    const last = at + CHUNK >= data.length;
    inflater.push(data.subarray(at, at + CHUNK), last);
    if (last) break;
  }
  if (over) return null;
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
