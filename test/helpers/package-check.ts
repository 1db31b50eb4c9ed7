/**
 * Checks written workbooks with Python alone (zipfile, expat through ElementTree, openpyxl), not
 * with our own zip or XML code: every XML part parses in the encoding it declares (expat rejects
 * duplicate attributes, unclosed elements and text that does not match the declaration), every
 * row and cell of every worksheet lies inside Excel's grid, and openpyxl opens the workbook.
 */
import { runPython } from './python.js';

const SCRIPT = String.raw`
import sys, json, re, zipfile, io
import xml.etree.ElementTree as ET
MAX_ROW, MAX_COL = 1048576, 16384
def col_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
with_openpyxl = sys.argv[1] == 'openpyxl'
results = []
for path in sys.argv[2:]:
    problems = []
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad:
                problems.append('bad CRC in ' + bad)
            for name in zf.namelist():
                if not re.search(r'\.(xml|rels)$', name, re.I):
                    continue
                data = zf.read(name)
                try:
                    root = ET.fromstring(data)
                except ET.ParseError as e:
                    problems.append('%s: %s' % (name, e))
                    continue
                if not root.tag.endswith('}worksheet'):
                    continue
                for el in root.iter():
                    tag = el.tag.rsplit('}', 1)[-1]
                    r = el.get('r')
                    if tag == 'row' and r is not None and not (r.isdigit() and 1 <= int(r) <= MAX_ROW):
                        problems.append('%s: row r=%r' % (name, r))
                    if tag == 'c' and r:  # r="" is no reference: the next column, as openpyxl reads it
                        m = re.fullmatch(r'([A-Z]{1,3})([0-9]{1,7})', r)
                        if not m or not (1 <= int(m.group(2)) <= MAX_ROW and 1 <= col_number(m.group(1)) <= MAX_COL):
                            problems.append('%s: cell r=%r' % (name, r))
        if not with_openpyxl:
            results.append(problems[:5])
            continue
        import openpyxl
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.max_row > MAX_ROW or ws.max_column > MAX_COL:
                problems.append('%s: openpyxl sees %d rows, %d columns' % (ws.title, ws.max_row, ws.max_column))
    except Exception as e:
        problems.append('%s: %s' % (type(e).__name__, e))
    results.append(problems[:5])
sys.stdout.write(json.dumps(results))
`;

/**
 * For each file, the problems found (an empty list for a sound workbook). `openpyxl: false`
 * leaves openpyxl out, for files it cannot read whoever wrote them (it ignores
 * mc:AlternateContent in styles, so their style indexes fall outside its lists).
 */
export function packageProblems(files: string[], opts: { openpyxl?: boolean } = {}): string[][] {
  if (!files.length) return [];
  const args = [opts.openpyxl === false ? 'no-openpyxl' : 'openpyxl', ...files];
  return JSON.parse(runPython(SCRIPT, args, { timeoutMs: 300_000 })) as string[][];
}
