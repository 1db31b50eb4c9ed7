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

const TYPE_SCRIPT = String.raw`
import sys, re, zipfile, shutil, os
path, part, ref, text = sys.argv[1:5]
col = lambda r: sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(re.match(r'[A-Z]+', r).group(0))))
row = int(re.search(r'\d+', ref).group(0))
with zipfile.ZipFile(path) as z:
    infos = z.infolist()
    data = {i.filename: z.read(i.filename) for i in infos}
x = data[part].decode('utf-8')
esc = text.replace('&', '&amp;').replace('<', '&lt;')
new = '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc)
m = re.search(r'<row r="%d"[^>]*?(/>|>(.*?)</row>)' % row, x, re.S)
if m is None:
    rows = [(int(n.group(1)), n.start()) for n in re.finditer(r'<row r="(\d+)"', x)]
    at = next((s for r, s in rows if r > row), x.index('</sheetData>'))
    x = x[:at] + '<row r="%d">%s</row>' % (row, new) + x[at:]
else:
    inner = m.group(2) or ''
    cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', inner, re.S)
    parts = [(col(r), c.group(0)) for r, c in zip(cells, re.finditer(r'<c r="[A-Z]+\d+"[^>]*?(?:/>|>.*?</c>)', inner, re.S)) if r != ref]
    parts.append((col(ref), new))
    parts.sort()
    open_tag = re.match(r'<row[^>]*?(?=/?>)', m.group(0)).group(0)
    x = x[:m.start()] + open_tag + '>' + ''.join(p for _, p in parts) + '</row>' + x[m.end():]
data[part] = x.encode('utf-8')
tmp = path + '.typing'
with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as z:
    for i in infos:
        z.writestr(i, data[i.filename])
os.replace(tmp, path)
`;

/** Types `text` into cell `ref` of worksheet part `part`, as a user in Excel would (Python's zipfile). */
export function typeIntoCell(file: string, part: string, ref: string, text: string): void {
  runPython(TYPE_SCRIPT, [file, part, ref, text]);
}
