/**
 * Node only: a FakeWorkbookInit read from a real .xlsx with openpyxl (Debian's /usr/bin/python3),
 * so the fake can be loaded with the fidelity corpus. Values (dates as 1900-system serial numbers,
 * formulas with their cached values), number formats, quote prefixes, solid fills, fonts
 * (colour, bold, italic, size), alignment, wrap, rotation, borders, merges, tables, protection,
 * visibility, frozen panes, custom column widths (points) and workbook-scoped defined names.
 * Theme and indexed colours are resolved to '#RRGGBB' (theme tints applied as Excel does).
 * Chart sheets are skipped, as Office.js's worksheet collection does.
 */

import { runPython } from '../helpers/python.js';
import {
  cellA1,
  colLetters,
  type FakeCell,
  type FakeSheetInit,
  type FakeWorkbookInit,
} from './model.js';

const SCRIPT = String.raw`
import sys, json, re, colorsys, datetime, warnings
warnings.simplefilter('ignore')
import openpyxl
from openpyxl.utils.datetime import to_excel
from openpyxl.styles.colors import COLOR_INDEX

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)

# Theme colours, in the order Excel indexes them (lt1, dk1, lt2, dk2, accents, links).
theme = {}
if getattr(wb, 'loaded_theme', None):
    xml = wb.loaded_theme.decode('utf-8', 'replace') if isinstance(wb.loaded_theme, bytes) else str(wb.loaded_theme)
    for tag in ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']:
        m = re.search(r'<a:' + tag + r'>(.*?)</a:' + tag + '>', xml, re.S)
        if m:
            v = re.search(r'lastClr="([0-9A-Fa-f]{6})"', m.group(1)) or re.search(r'srgbClr val="([0-9A-Fa-f]{6})"', m.group(1))
            if v:
                theme[tag] = v.group(1).upper()
THEME_ORDER = ['lt1', 'dk1', 'lt2', 'dk2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']

def tinted(hexrgb, tint):
    if not tint:
        return hexrgb
    r, g, b = (int(hexrgb[i:i + 2], 16) / 255.0 for i in (0, 2, 4))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    l = l * (1.0 + tint) if tint < 0 else l * (1.0 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, l, s)
    return '%02X%02X%02X' % tuple(int(round(x * 255)) for x in (r, g, b))

def colour(c):
    if c is None:
        return None
    try:
        t = c.type
        if t == 'rgb' and isinstance(c.rgb, str) and len(c.rgb) >= 6:
            return '#' + c.rgb[-6:].upper()
        if t == 'indexed' and c.indexed is not None:
            i = int(c.indexed)
            if i == 64:
                return '#000000'
            if i == 65:
                return '#FFFFFF'
            if 0 <= i < len(COLOR_INDEX):
                return '#' + COLOR_INDEX[i][-6:].upper()
        if t == 'theme' and c.theme is not None and 0 <= int(c.theme) < len(THEME_ORDER):
            base = theme.get(THEME_ORDER[int(c.theme)])
            if base:
                return '#' + tinted(base, c.tint or 0)
    except Exception:
        return None
    return None

BORDERS = {
    'thin': ('Continuous', 'Thin'), 'medium': ('Continuous', 'Medium'), 'thick': ('Continuous', 'Thick'),
    'hair': ('Continuous', 'Hairline'), 'dashed': ('Dash', 'Thin'), 'mediumDashed': ('Dash', 'Medium'),
    'dotted': ('Dot', 'Thin'), 'double': ('Double', 'Thick'), 'dashDot': ('DashDot', 'Thin'),
    'mediumDashDot': ('DashDot', 'Medium'), 'dashDotDot': ('DashDotDot', 'Thin'),
    'mediumDashDotDot': ('DashDotDot', 'Medium'), 'slantDashDot': ('SlantDashDot', 'Medium'),
}
H_ALIGN = {'left': 'Left', 'center': 'Center', 'right': 'Right', 'fill': 'Fill', 'justify': 'Justify',
           'centerContinuous': 'CenterAcrossSelection', 'distributed': 'Distributed'}

def serial(v):
    if isinstance(v, datetime.timedelta):
        return v.total_seconds() / 86400.0
    return to_excel(v)

def value_of(v):
    if v is None:
        return None
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        return serial(v)
    return str(v)

def fmt_of(c):
    f = {}
    fill = c.fill
    if fill is not None and fill.fill_type == 'solid':
        col = colour(fill.fgColor)
        if col:
            f['fill'] = col
    font = c.font
    if font is not None:
        col = colour(font.color)
        if col and col != '#000000':
            f['fontColor'] = col
        if font.b:
            f['bold'] = True
        if font.i:
            f['italic'] = True
        if font.sz and float(font.sz) != 11.0:
            f['fontSize'] = float(font.sz)
    al = c.alignment
    if al is not None:
        if al.horizontal in H_ALIGN:
            f['horizontalAlignment'] = H_ALIGN[al.horizontal]
        if al.wrap_text:
            f['wrapText'] = True
        if al.textRotation:
            r = int(al.textRotation)
            f['textOrientation'] = 180 if r == 255 else (-(r - 90) if r > 90 else r)
    b = c.border
    if b is not None:
        edges = {}
        for side, name in ((b.left, 'EdgeLeft'), (b.right, 'EdgeRight'), (b.top, 'EdgeTop'), (b.bottom, 'EdgeBottom')):
            if side is not None and side.style in BORDERS:
                style, weight = BORDERS[side.style]
                edges[name] = {'style': style, 'color': colour(side.color) or '#000000', 'weight': weight}
        if edges:
            f['borders'] = edges
    return f

sheets = []
for ws in wb.worksheets:
    cws = cached[ws.title]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            cell = {}
            v = c.value
            if c.data_type == 'f' or (isinstance(v, str) and v.startswith('=') and c.data_type != 's'):
                text = v if isinstance(v, str) else getattr(v, 'text', None)
                if text:
                    cell['formula'] = text if text.startswith('=') else '=' + text
                cv = value_of(cws.cell(row=c.row, column=c.column).value)
                if cv is not None:
                    cell['value'] = cv
            else:
                val = value_of(v)
                if val is not None and val != '':
                    cell['value'] = val
            if c.number_format and c.number_format != 'General':
                cell['numberFormat'] = c.number_format
            try:
                if c.quotePrefix:
                    cell['quotePrefix'] = True
            except Exception:
                pass
            f = fmt_of(c)
            if f:
                cell['format'] = f
            if cell:
                cells['%d,%d' % (c.row, c.column)] = cell
    widths = {}
    for key, dim in ws.column_dimensions.items():
        lo = dim.min or openpyxl.utils.column_index_from_string(key)
        hi = dim.max or lo
        if dim.hidden:
            pts = 0.0
        elif dim.customWidth and dim.width:
            pts = int(((256 * dim.width + int(128 / 7)) / 256.0) * 7) * 0.75
        else:
            continue
        for col in range(lo, hi + 1):
            widths[str(col)] = pts
    freeze = None
    if ws.freeze_panes:
        fc = ws[ws.freeze_panes]
        freeze = [fc.row - 1, fc.column - 1]
    tables = []
    try:
        for t in ws.tables.values():
            tables.append({'name': t.displayName or t.name, 'range': t.ref})
    except Exception:
        pass
    sheets.append({
        'name': ws.title,
        'cells': cells,
        'visibility': {'visible': 'Visible', 'hidden': 'Hidden', 'veryHidden': 'VeryHidden'}.get(ws.sheet_state, 'Visible'),
        'protected': bool(ws.protection.sheet),
        'merges': [str(r) for r in ws.merged_cells.ranges],
        'tables': tables,
        'freeze': freeze,
        'widths': widths,
    })

names = []
dn = wb.defined_names
items = dn.definedName if hasattr(dn, 'definedName') else list(dn.values())
for d in items:
    if d.localSheetId is not None:
        continue
    names.append({'name': d.name, 'formula': '=' + (d.attr_text or ''), 'comment': d.comment, 'hidden': bool(d.hidden)})

json.dump({'sheets': sheets, 'names': names}, sys.stdout)
`;

interface RawSheet {
  name: string;
  cells: Record<string, FakeCell>;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  protected: boolean;
  merges: string[];
  tables: { name: string; range: string }[];
  freeze: [number, number] | null;
  widths: Record<string, number>;
}

interface RawWorkbook {
  sheets: RawSheet[];
  names: { name: string; formula: string; comment: string | null; hidden: boolean }[];
}

/** The frozen range for `rows` frozen rows and `cols` frozen columns ('A1:C3', '1:2', 'A:B'). */
function frozenRange(rows: number, cols: number): string | null {
  if (rows <= 0 && cols <= 0) return null;
  if (cols <= 0) return `1:${rows}`;
  if (rows <= 0) return `A:${colLetters(cols - 1)}`;
  return `A1:${cellA1(rows - 1, cols - 1)}`;
}

export function fakeInitFromXlsx(file: string): FakeWorkbookInit {
  const raw = JSON.parse(runPython(SCRIPT, [file], { timeoutMs: 120_000 })) as RawWorkbook;
  const sheets: FakeSheetInit[] = raw.sheets.map((s) => {
    const cells: Record<string, FakeCell> = {};
    for (const [key, cell] of Object.entries(s.cells)) {
      const [row, col] = key.split(',').map(Number);
      cells[cellA1(row - 1, col - 1)] = cell;
    }
    const columnWidths: Record<string, number> = {};
    for (const [col, w] of Object.entries(s.widths)) columnWidths[colLetters(Number(col) - 1)] = w;
    return {
      name: s.name,
      cells,
      visibility: s.visibility,
      protected: s.protected,
      merges: s.merges,
      tables: s.tables,
      freeze: s.freeze ? frozenRange(s.freeze[0], s.freeze[1]) : null,
      columnWidths,
    };
  });
  return {
    sheets,
    names: raw.names.map((n) => ({
      name: n.name,
      formula: n.formula,
      ...(n.comment ? { comment: n.comment } : {}),
      visible: !n.hidden,
    })),
  };
}
