/**
 * Compare OOXML packages part by part with Python's zipfile, independently of our own zip code.
 */
import { runPython } from './python.js';

const LIST_SCRIPT = String.raw`
import sys, json, zipfile, hashlib
out = {}
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        if info.filename.endswith('/'):
            continue
        out[info.filename] = hashlib.sha256(zf.read(info)).hexdigest()
sys.stdout.write(json.dumps(out))
`;

const READ_SCRIPT = String.raw`
import sys, base64, zipfile
with zipfile.ZipFile(sys.argv[1]) as zf:
    try:
        data = zf.read(sys.argv[2])
    except KeyError:
        sys.stderr.write('no part %r in %s; parts: %s' % (sys.argv[2], sys.argv[1], ', '.join(zf.namelist())))
        sys.exit(2)
sys.stdout.write(base64.b64encode(data).decode('ascii'))
`;

/** Part name (zip entry name, e.g. `xl/workbook.xml`) -> sha256 hex of its uncompressed bytes, in zip order. */
export function listParts(file: string): Map<string, string> {
  const parsed = JSON.parse(runPython(LIST_SCRIPT, [file])) as Record<string, string>;
  return new Map(Object.entries(parsed));
}

export interface PartsDiff {
  /** In both, with different bytes. */
  changed: string[];
  /** Only in `after`. */
  added: string[];
  /** Only in `before`. */
  removed: string[];
}

/** Which parts differ between two packages (each list sorted). */
export function diffParts(before: string, after: string): PartsDiff {
  const a = listParts(before);
  const b = listParts(after);
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [name, hash] of a) {
    const other = b.get(name);
    if (other === undefined) removed.push(name);
    else if (other !== hash) changed.push(name);
  }
  for (const name of b.keys()) if (!a.has(name)) added.push(name);
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}

/** The uncompressed bytes of one part; throws (listing the parts) when it is missing. */
export function partBytes(file: string, part: string): Buffer {
  return Buffer.from(runPython(READ_SCRIPT, [file, part]).trim(), 'base64');
}

/** One part decoded as UTF-8 (BOM kept if present). */
export function partText(file: string, part: string): string {
  return partBytes(file, part).toString('utf8');
}
