/**
 * Writes a merge of returns into the master package: the task cells the merge changes (each
 * keeping its cell's style), and the rows it appends to the Returns log sheet (created, at the
 * end, when the workbook has none). Every other part and every other cell stays as it was.
 */

import { isDateFormat, serialFromDay } from '../../core/dates.js';
import { LOG_COLUMNS, logBlock, RETURNS_LOG_SHEET, type LogBlock } from '../../core/returns/log.js';
import type { MasterWrite } from '../../core/returns/merge.js';
import type { Plan } from '../../core/plan/read.js';
import { cellRefPosition } from '../../core/xlsx/worksheet-part.js';
import { elements, getAttr, innerOf, startTagOf } from '../../core/xlsx/xml-scan.js';
import { addWorksheet, EMPTY_WORKSHEET } from './add-sheet.js';
import type { XlsxPackage } from './package.js';
import { patchSheet, type CellUpdate } from './sheet-patch.js';
import { StylesEditor } from './styles.js';
import { stylesPartOf, type PartTexts } from './styles-part.js';
import type { LogEntry } from '../../core/returns/merge.js';

/** The style index (`s`) of every cell in `rows`, keyed `row:col`. */
function cellStyles(xml: string, rows: ReadonlySet<number>): Map<string, number> {
  const out = new Map<string, number>();
  let previousRow = 0;
  for (const rowEl of elements(xml, 'row')) {
    const tag = startTagOf(xml, rowEl);
    const r = Number(getAttr(tag, 'r')?.trim() || previousRow + 1);
    previousRow = r;
    if (!rows.has(r) || rowEl.selfClosing) continue;
    const inner = innerOf(xml, rowEl);
    let previousCol = 0;
    for (const c of elements(inner, 'c')) {
      const ctag = startTagOf(inner, c);
      const ref = getAttr(ctag, 'r');
      const col = (ref?.trim() && cellRefPosition(ref)?.col) || previousCol + 1;
      previousCol = col;
      out.set(`${r}:${col}`, Number(getAttr(ctag, 's') ?? 0));
    }
  }
  return out;
}

export interface ReturnsLogTarget {
  /** The existing Returns log sheet's name, or null to add one. */
  existing: string | null;
  /** Its last row holding anything (0 for a new sheet). */
  lastRow: number;
}

export function applyReturns(
  pkg: XlsxPackage,
  plan: Plan,
  writes: readonly MasterWrite[],
  log: readonly LogEntry[],
  target: ReturnsLogTarget,
): PartTexts {
  const parts: PartTexts = { changed: new Map(), added: new Map() };
  // The log sheet is added first: adding a styles part then patches the workbook's rels as changed.
  const isNew = target.existing === null;
  let logPath = '';
  if (log.length && isNew) {
    const cols = LOG_COLUMNS.map(
      (c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`,
    ).join('');
    const created = addWorksheet(
      pkg,
      RETURNS_LOG_SHEET,
      undefined,
      EMPTY_WORKSHEET.replace('<sheetData/>', `<cols>${cols}</cols><sheetData/>`),
    );
    for (const [k, v] of created.changed) parts.changed.set(k, v);
    for (const [k, v] of created.added) parts.added.set(k, v);
    logPath = created.path;
  }
  const stylesPart = stylesPartOf(pkg, parts);
  const styles = new StylesEditor(stylesPart.xml);

  const bySheet = new Map<string, MasterWrite[]>();
  for (const w of writes) {
    const name = w.sheet ?? plan.sheet.name;
    bySheet.set(name, [...(bySheet.get(name) ?? []), w]);
  }
  for (const [name, list] of bySheet) {
    const ref = pkg.sheets.find((s) => s.name === name && s.kind === 'worksheet');
    if (!ref) throw new Error(`sheet "${name}" is not a worksheet`);
    const xml = pkg.text(ref.path);
    const isPlan = name === plan.sheet.name;
    // Cells of the plan sheet as read; other sheets' cells are only needed for their styles.
    const data = isPlan ? plan.sheet : null;
    const taskRows = isPlan ? plan.tasks.map((t) => t.row) : list.map((w) => w.row);
    const have = cellStyles(xml, new Set([...list.map((w) => w.row), ...taskRows]));
    /** A style for a cell that has none: the nearest task row's in that column that suits. */
    const borrowed = (w: MasterWrite, suits: (numFmt: string | undefined) => boolean) => {
      const near = [...taskRows].sort((a, b) => Math.abs(a - w.row) - Math.abs(b - w.row));
      for (const r of near) {
        const s = have.get(`${r}:${w.col}`);
        const cell = data?.cells[r]?.[w.col];
        if (s !== undefined && (!data || (cell && cell.value !== null && suits(cell.numFmt))))
          return s;
      }
      return undefined;
    };
    const cells = new Map<number, Map<number, CellUpdate>>();
    for (const w of list) {
      const own = have.get(`${w.row}:${w.col}`);
      const current = data?.cells[w.row]?.[w.col];
      let value: number | string | null;
      let s = own ?? 0;
      if (w.value.kind === 'date') {
        value = serialFromDay(w.value.day, plan.date1904);
        const dated = current?.numFmt !== undefined && isDateFormat(current.numFmt);
        if (!dated || own === undefined)
          s =
            borrowed(w, (f) => f !== undefined && isDateFormat(f)) ??
            styles.owned({ numFmt: 'dd/mm/yyyy' });
      } else if (w.value.kind === 'number') {
        value = w.value.value;
        if (own === undefined || (w.percent && !current?.numFmt?.includes('%')))
          s =
            (w.percent ? borrowed(w, (f) => f?.includes('%') ?? false) : borrowed(w, () => true)) ??
            (w.percent ? styles.owned({ numFmt: '0%' }) : 0);
      } else {
        value = w.value.kind === 'text' ? w.value.text : null;
        if (own === undefined) s = borrowed(w, (f) => f === undefined || !isDateFormat(f)) ?? 0;
      }
      let line = cells.get(w.row);
      if (!line) cells.set(w.row, (line = new Map()));
      line.set(w.col, value === null ? { kind: 'clear' } : { kind: 'set', value, s });
    }
    const patched = patchSheet(xml, { cells, clearRanges: [] });
    if (patched !== xml) parts.changed.set(ref.path, patched);
  }

  if (log.length) {
    const block: LogBlock = logBlock(log, isNew ? 1 : target.lastRow + 1, isNew);
    let path: string;
    let xml: string;
    if (isNew) {
      path = logPath;
      xml = parts.added.get(path)!;
    } else {
      const ref = pkg.sheets.find((s) => s.name === target.existing && s.kind === 'worksheet');
      if (!ref) throw new Error(`sheet "${target.existing}" is not a worksheet`);
      path = ref.path;
      xml = pkg.text(path);
    }
    const xf = styles.blockXfs(block.styles, block.styleOf);
    const patched = patchSheet(xml, {
      cells: new Map(),
      block: {
        area: { top: block.top, left: 1, bottom: block.top + block.height - 1, right: block.width },
        width: block.width,
        xf,
        values: block.values,
      },
      clearRanges: [],
    });
    (isNew ? parts.added : parts.changed).set(path, patched);
  }

  if (styles.changed || parts.added.has(stylesPart.path))
    (parts.added.has(stylesPart.path) ? parts.added : parts.changed).set(
      stylesPart.path,
      styles.toXml(),
    );
  return parts;
}
