/** Raw-deflate decompression in the browser, for the host-independent zip reader of core/xlsx. */

import { inflateSync } from 'fflate';

/** Inflates raw deflate data (no zlib or gzip header), as zip entries hold it. */
export function inflateRaw(data: Uint8Array): Uint8Array {
  return inflateSync(data);
}
