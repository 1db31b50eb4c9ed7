/**
 * Read a workbook back with openpyxl (an independent reader: not exceljs, not our own XML code)
 * and return a plain JSON picture of it for assertions.
 *
 * Cells, merges, data validations, conditional formats, freeze panes, hyperlinks and protection come
 * from openpyxl's object model. Defined names, column widths, chart and image counts are read straight
 * from the package XML with Python's zipfile + ElementTree, namespace-prefix agnostic, because
 * openpyxl 3.0 hides some of them (print areas, width-less `<col>` defaults, images without Pillow).
 */
import { runPython } from './python.js';

export interface CellDump {
  /**
   * The stored value. Dates are ISO strings: `YYYY-MM-DD` at midnight, else `YYYY-MM-DDTHH:MM:SS`;
   * times `HH:MM:SS`; durations a number of days. Formulas are their text starting with `=`
   * unless `dataOnly` was asked for (then the cached result). Error values are strings like `#REF!`.
   */
  value: string | number | boolean | null;
  /** openpyxl's `cell.is_date`: the value is a number (or date) shown with a date format. */
  isDate: boolean;
  /** Number format code, `General` when none. */
  numFmt: string;
  /** Solid fill fgColor as `RRGGBB` (alpha dropped), `theme:N`, `indexed:N`; null when no solid fill. */
  fill: string | null;
  /** The fill's patternType when it is a pattern other than solid (`lightUp`, `gray125`...); else null. */
  pattern: string | null;
  /** For such a pattern: the colour of its lines (fgColor) and of the cell behind them (bgColor). */
  patternColor: string | null;
  patternBackground: string | null;
  /** Font colour as `RRGGBB` / `theme:N` / `indexed:N` / `auto`; null when the font sets none. */
  fontColor: string | null;
  bold: boolean;
  /** Border colour `RRGGBB` (or `theme:N` / `indexed:N`), `auto` when a style is set without colour; null when no border. */
  borderLeft: string | null;
  borderRight: string | null;
  /** Text rotation in degrees (0..180, 255 = vertical stacked). */
  rotation: number;
  /** The cell wraps its text. */
  wrap: boolean;
}

export interface SheetDump {
  name: string;
  kind: 'worksheet' | 'chartsheet';
  /** `visible`, `hidden` or `veryHidden` (from workbook.xml). */
  state: string;
  /** openpyxl's max_row / max_column (0 for an empty sheet or a chart sheet). */
  maxRow: number;
  maxCol: number;
  /** Only non-empty or styled cells, keyed `A1`. Empty unless the sheet was asked for (see `opts.sheets`). */
  cells: Record<string, CellDump>;
  /** Merged ranges, e.g. `A1:K1`. */
  merged: string[];
  /** sqref of each data validation (space-separated ranges when one rule covers several). */
  dataValidations: string[];
  /** formula1 of each data validation, parallel to `dataValidations` (e.g. `"Red,Amber,Green"`). */
  dataValidationFormulas: (string | null)[];
  /** sqref of each conditional-format RULE (a range with two rules appears twice). */
  conditionalFormats: string[];
  /** Rule type of each conditional-format rule, parallel to `conditionalFormats` (`dataBar`, `cellIs`, ...). */
  conditionalFormatTypes: string[];
  /** Top-left cell of the unfrozen pane, e.g. `C2`; null when no frozen pane. */
  freezePanes: string | null;
  /** Column letter -> width for every `<col>` with a width (ranges expanded, at most 256 columns per `<col>`). */
  columnWidths: Record<string, number>;
  /** Row number -> height in points for every `<row>` with a custom height (`customHeight="1"`). */
  rowHeights: Record<string, number>;
  /** Addresses of cells carrying a hyperlink (external or internal). */
  hyperlinks: string[];
  /** Sheet protection is on. */
  protected: boolean;
  /** Charts (`c:chart` / `cx:chart` references) in the sheet's drawing. */
  charts: number;
  /** Pictures (`xdr:pic`) in the sheet's drawing. */
  images: number;
}

export interface WorkbookDump {
  /** All sheets in tab order, chart sheets included. */
  sheets: SheetDump[];
  /**
   * Defined names from workbook.xml -> their formula text. Sheet-scoped names (localSheetId) are keyed
   * `SheetName!Name` (never quoted), e.g. `Plan!_xlnm.Print_Area`; workbook names by their bare name.
   */
  definedNames: Record<string, string>;
  date1904: boolean;
}

export interface DumpOptions {
  /** Dump cells only for these sheets (every sheet is still listed with its other facts). */
  sheets?: string[];
  /** Load with openpyxl's `data_only=True`: formulas give their cached values. */
  dataOnly?: boolean;
  timeoutMs?: number;
}

const DUMP_SCRIPT = String.raw`
import sys, json, datetime, warnings, zipfile, posixpath
import xml.etree.ElementTree as ET
warnings.filterwarnings('ignore')
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

path = sys.argv[1]
opts = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
only = opts.get('sheets')
data_only = bool(opts.get('dataOnly'))

def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''

def attr(el, name):
    # attribute by local name, whatever its namespace
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None

# ---- package-level facts, read straight from the XML (independent of openpyxl's object model)
zf = zipfile.ZipFile(path)
names = set(zf.namelist())

def rels_of(part):
    d, b = posixpath.split(part)
    rp = posixpath.join(d, '_rels', b + '.rels')
    out = {}
    if rp not in names:
        return out
    for el in ET.fromstring(zf.read(rp)).iter():
        if local(el.tag) == 'Relationship':
            if el.get('TargetMode') == 'External':
                continue
            t = el.get('Target', '')
            full = t.lstrip('/') if t.startswith('/') else posixpath.normpath(posixpath.join(d, t))
            out[el.get('Id')] = (full, el.get('Type', ''))
    return out

wb_part = 'xl/workbook.xml'
for el in ET.fromstring(zf.read('_rels/.rels')).iter():
    if local(el.tag) == 'Relationship' and el.get('Type', '').endswith('/officeDocument'):
        wb_part = el.get('Target').lstrip('/')
wb_xml = ET.fromstring(zf.read(wb_part))
wb_rels = rels_of(wb_part)
sheet_parts = {}
sheet_state = {}
sheet_order = []
for el in wb_xml.iter():
    if local(el.tag) == 'sheet':
        nm = el.get('name')
        sheet_order.append(nm)
        rid = attr(el, 'id')
        sheet_parts[nm] = wb_rels.get(rid, (None, ''))[0]
        sheet_state[nm] = el.get('state') or 'visible'
defined = {}
for el in wb_xml.iter():
    if local(el.tag) == 'definedName':
        nm = el.get('name')
        lsid = el.get('localSheetId')
        if lsid is not None and lsid.isdigit() and int(lsid) < len(sheet_order):
            nm = sheet_order[int(lsid)] + '!' + nm
        defined[nm] = el.text or ''

CHART_NS = ('http://schemas.openxmlformats.org/drawingml/2006/chart',
            'http://schemas.microsoft.com/office/drawing/2014/chartex')

def package_sheet_facts(part):
    widths, heights, charts, images = {}, {}, 0, 0
    if not part or part not in names:
        return widths, heights, charts, images
    root = ET.fromstring(zf.read(part))
    from openpyxl.utils import get_column_letter
    for el in root.iter():
        if local(el.tag) == 'col' and el.get('width') is not None:
            lo, hi = int(el.get('min')), int(el.get('max'))
            for c in range(lo, min(hi, lo + 255) + 1):
                widths[get_column_letter(c)] = float(el.get('width'))
        if local(el.tag) == 'row' and el.get('ht') is not None and el.get('customHeight') in ('1', 'true'):
            heights[el.get('r')] = float(el.get('ht'))
    rels = rels_of(part)
    for el in root.iter():
        if local(el.tag) == 'drawing':
            target = rels.get(attr(el, 'id'))
            if not target or target[0] not in names:
                continue
            for d in ET.fromstring(zf.read(target[0])).iter():
                ln = local(d.tag)
                ns = d.tag[1:].split('}')[0] if d.tag.startswith('{') else ''
                if ln == 'pic':
                    images += 1
                elif ln == 'chart' and ns in CHART_NS:
                    charts += 1
    return widths, heights, charts, images

# ---- cells and sheet features through openpyxl
wb = openpyxl.load_workbook(path, data_only=data_only)

def color(c):
    if c is None:
        return None
    t = getattr(c, 'type', None)
    if t == 'rgb':
        v = c.rgb
        return v[-6:].upper() if isinstance(v, str) else None
    if t == 'theme':
        return 'theme:%s' % c.theme
    if t == 'indexed':
        return 'indexed:%s' % c.indexed
    if t == 'auto':
        return 'auto'
    return None

def side(s):
    if s is None or s.style is None:
        return None
    c = color(s.color)
    return c if c is not None else 'auto'

def iso(v):
    if isinstance(v, datetime.datetime):
        if v.hour == 0 and v.minute == 0 and v.second == 0 and v.microsecond == 0:
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return None

def value(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    s = iso(v)
    if s is not None:
        return s
    if isinstance(v, datetime.timedelta):
        return v.total_seconds() / 86400.0
    t = getattr(v, 'text', None)  # ArrayFormula (openpyxl >= 3.1)
    return t if isinstance(t, str) else str(v)

style_cache = {}

def style_of(cell):
    key = tuple(cell._style) if hasattr(cell, '_style') else None
    hit = style_cache.get(key) if key is not None else None
    if hit is not None:
        return hit
    fill = cell.fill
    kind = getattr(fill, 'fill_type', None)
    solid = kind == 'solid'
    hatched = kind not in (None, 'none', 'solid')
    font = cell.font
    b = cell.border
    rot = cell.alignment.textRotation if cell.alignment is not None else 0
    wrap = bool(cell.alignment.wrap_text) if cell.alignment is not None else False
    st = {
        'numFmt': cell.number_format or 'General',
        'fill': color(fill.fgColor) if solid else None,
        'pattern': kind if hatched else None,
        'patternColor': color(fill.fgColor) if hatched else None,
        'patternBackground': color(fill.bgColor) if hatched else None,
        'fontColor': color(font.color) if font is not None else None,
        'bold': bool(font.b) if font is not None else False,
        'borderLeft': side(b.left) if b is not None else None,
        'borderRight': side(b.right) if b is not None else None,
        'rotation': int(rot or 0),
        'wrap': wrap,
    }
    if key is not None:
        style_cache[key] = st
    return st

sheets = []
for ws in wb._sheets:
    name = ws.title
    part = sheet_parts.get(name)
    widths, heights, charts, images = package_sheet_facts(part)
    is_chart = type(ws).__name__ == 'Chartsheet'
    sd = {
        'name': name, 'kind': 'chartsheet' if is_chart else 'worksheet', 'state': sheet_state.get(name, ws.sheet_state),
        'maxRow': 0, 'maxCol': 0, 'cells': {}, 'merged': [], 'dataValidations': [], 'dataValidationFormulas': [],
        'conditionalFormats': [], 'conditionalFormatTypes': [], 'freezePanes': None, 'columnWidths': widths, 'rowHeights': heights,
        'hyperlinks': [], 'protected': False, 'charts': charts, 'images': images,
    }
    if is_chart:
        prot = getattr(ws, 'protection', None) or getattr(ws, 'sheetProtection', None)
        sd['protected'] = bool(getattr(prot, 'content', False))
        sheets.append(sd)
        continue
    sd['maxRow'] = ws.max_row if ws._cells else 0
    sd['maxCol'] = ws.max_column if ws._cells else 0
    want = only is None or name in only
    cells = {}
    links = []
    for (r, c), cell in sorted(ws._cells.items()):
        link = getattr(cell, 'hyperlink', None)
        if link is not None:
            links.append(cell.coordinate)
        if not want:
            continue
        v = cell.value
        if v is None and not cell.has_style:
            continue
        d = {'value': value(v), 'isDate': bool(getattr(cell, 'is_date', False))}
        d.update(style_of(cell))
        cells[cell.coordinate] = d
    sd['cells'] = cells
    sd['hyperlinks'] = links
    sd['merged'] = [str(r) for r in ws.merged_cells.ranges]
    for dv in ws.data_validations.dataValidation:
        sd['dataValidations'].append(str(dv.sqref))
        sd['dataValidationFormulas'].append(dv.formula1)
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            sd['conditionalFormats'].append(str(cf.sqref))
            sd['conditionalFormatTypes'].append(rule.type)
    sd['freezePanes'] = ws.freeze_panes
    sd['protected'] = bool(ws.protection.sheet)
    sheets.append(sd)

out = {'sheets': sheets, 'definedNames': defined, 'date1904': wb.epoch == CALENDAR_MAC_1904}
sys.stdout.write(json.dumps(out))
`;

/** Read `file` with openpyxl and return its dump (synchronous; ~0.3 s for a small file, ~1 s for a 200-row plan). */
export function dumpWorkbook(file: string, opts: DumpOptions = {}): WorkbookDump {
  const args = JSON.stringify({ sheets: opts.sheets ?? null, dataOnly: opts.dataOnly ?? false });
  const out = runPython(DUMP_SCRIPT, [file, args], { timeoutMs: opts.timeoutMs ?? 120_000 });
  return JSON.parse(out) as WorkbookDump;
}

/** The named sheet of a dump; throws with the sheet names when it is missing. */
export function sheetOf(dump: WorkbookDump, name: string): SheetDump {
  const sheet = dump.sheets.find((s) => s.name === name);
  if (!sheet)
    throw new Error(
      `no sheet "${name}" in dump (sheets: ${dump.sheets.map((s) => s.name).join(', ')})`,
    );
  return sheet;
}

/** Values of one row, from column A to `maxCol` (missing cells are null). */
export function rowValues(
  sheet: SheetDump,
  row: number,
  maxCol = sheet.maxCol,
): CellDump['value'][] {
  const out: CellDump['value'][] = [];
  for (let c = 1; c <= maxCol; c++)
    out.push(sheet.cells[`${columnLetter(c)}${row}`]?.value ?? null);
  return out;
}

/** 1 -> A, 27 -> AA. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
