/**
 * How an imported table lands on the budget sheet: a title row, a line saying where it came from,
 * then the table with numbers as numbers, sections and totals set apart, and the cells whose
 * totals do not add up highlighted with a note beside them.
 */

import {
  rangesIntersect,
  rowsWithCells,
  subtract,
  type CellRange,
  type SheetData,
} from '../cells.js';
import type { Finding } from '../findings.js';
import { RAG_COLOURS } from '../rag.js';
import { StyleTable, type CellBlockData, type CellStyle } from '../sync/edits.js';
import { formatAmount } from './money.js';
import type { BudgetTable } from './table.js';

export interface BudgetLayoutOptions {
  /** The table's name, shown as its title. */
  name: string;
  /** Where it came from, e.g. `table3.csv`. */
  source: string;
  /** When it was imported, as shown (e.g. `22 Nov 2026 11:45`). */
  importedAt: string;
}

export interface BudgetBlock extends CellBlockData {
  styles: Int32Array;
  styleTable: CellStyle[];
  /** Suggested column widths, for a budget sheet the tool has just created. */
  columnWidths: number[];
  /**
   * Heights in points of the block's rows that need more than one line (by row offset): the
   * header when a column title wraps. Readers do not grow rows for wrapped text on opening
   * (LibreOffice never does), and a wrapped title in a short row is drawn over the row above.
   */
  rowHeights: Map<number, number>;
  /**
   * Where the cell at `line`, `column` of a CSV source lands in the block (0-based row and column
   * offsets): a finding about a CSV cell can point at the imported cell.
   */
  sourceCell(line: number, column: number): { row: number; col: number } | undefined;
}

/** Excel's default row height (Calibri 11), in points, for one line of text. */
const LINE_HEIGHT = 15;

/**
 * Lines `text` takes when wrapped at word breaks in a column `width` characters wide (bold text
 * is about a tenth wider than the `0` the width is measured in).
 */
export function wrappedLines(text: string, width: number, bold = false): number {
  const fits = Math.max(1, Math.floor((width - 1) / (bold ? 1.1 : 1)));
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const needed = used === 0 ? word.length : used + 1 + word.length;
    if (needed <= fits) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    lines += Math.ceil(word.length / fits) - 1;
    used = word.length % fits || fits;
  }
  return lines;
}

const TITLE: CellStyle = { bold: true, fontSize: 13 };
const INFO: CellStyle = { italic: true, fontColor: '505A5F' };
const HEADER_FILL = 'F3F2F1';
const RULE_COLOUR = '505A5F';
const CHECK_FILL = RAG_COLOURS.amber.fill;
const ERROR_FILL = RAG_COLOURS.red.fill;

/** Text Excel would take as a formula or command: kept as text (CSV injection). */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

export function numberFormat(table: BudgetTable): string {
  const base = '#,##0' + (table.decimals ? '.' + '0'.repeat(table.decimals) : '');
  return table.parenthesised ? `${base};(${base})` : `${base};-${base}`;
}

export function layoutBudget(
  table: BudgetTable,
  findings: readonly Finding[],
  options: BudgetLayoutOptions,
): BudgetBlock {
  const styles = new StyleTable();
  const numFmt = numberFormat(table);
  const cols = table.columns.length;
  // Notes for the rows whose figures need a look, by row index and column.
  const notes = new Map<number, string[]>();
  const flagged = new Map<string, 'check' | 'error'>();
  // Findings by the place they are about, so each cell looks up its own (not every finding).
  const byPlace = new Map<string, Finding[]>();
  const placeOf = (f: Finding) =>
    f.source ? `${f.source.line}:${f.source.column}` : `${f.sheet}!${f.cell}`;
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const list = byPlace.get(placeOf(f));
    if (list) list.push(f);
    else byPlace.set(placeOf(f), [f]);
  }
  table.rows.forEach((row, r) => {
    if (byPlace.size === 0) return;
    row.cells.forEach((cell, c) => {
      if (!cell) return;
      const place =
        'file' in cell.at
          ? `${cell.at.line}:${cell.at.column}`
          : `${cell.at.sheet}!${cell.at.cell}`;
      for (const f of byPlace.get(place) ?? []) {
        if (f.source ? !('file' in cell.at) : !('sheet' in cell.at)) continue;
        flagged.set(`${r}:${c}`, f.severity === 'error' ? 'error' : 'check');
        const list = notes.get(r) ?? [];
        list.push(
          f.total
            ? `${f.total.column}: stated ${formatAmount(f.total.stated, table.decimals)}, parts add up to ${formatAmount(f.total.computed, table.decimals)} (difference ${formatAmount(f.total.difference, table.decimals)})`
            : `${table.columns[c].header || `column ${c + 1}`}: "${cell.text.trim()}" is not a number`,
        );
        notes.set(r, list);
      }
    });
  });
  const width = cols + (notes.size ? 1 : 0);
  const lines: { value: (number | string | null)[]; style: number[] }[] = [];
  const line = () => {
    const l = {
      value: new Array<number | string | null>(width).fill(null),
      style: new Array<number>(width).fill(-1),
    };
    lines.push(l);
    return l;
  };

  const title = line();
  title.value[0] = options.name;
  title.style[0] = styles.id(TITLE);
  const info = line();
  const units = table.units ? `units ${table.units.label}` : 'units as stated in the source';
  info.value[0] = `Imported by plan-sync from ${options.source} on ${options.importedAt}; ${units}.`;
  info.style[0] = styles.id(INFO);
  if (table.caption) {
    const caption = line();
    caption.value[0] = table.caption;
    caption.style[0] = styles.id(INFO);
  }

  const headerOffset = lines.length;
  const header = line();
  table.columns.forEach((c, i) => {
    header.value[i] = c.header || null;
    header.style[i] = styles.id({
      bold: true,
      fill: HEADER_FILL,
      borderBottom: RULE_COLOUR,
      hAlign: c.kind === 'number' ? 'right' : undefined,
      wrap: true,
    });
  });
  if (notes.size) {
    header.value[cols] = 'Check';
    header.style[cols] = styles.id({ bold: true, fill: HEADER_FILL, borderBottom: RULE_COLOUR });
  }
  if (table.unitsRow) {
    const u = line();
    table.columns.forEach((c, i) => {
      u.value[i] = table.unitsRow![i] || null;
      u.style[i] = styles.id({ italic: true, hAlign: c.kind === 'number' ? 'right' : undefined });
    });
  }

  const bodyOffset = lines.length;
  // A cell's style follows from its row's kind, its mark, how its value is shown and whether it
  // needs a quote prefix: looked up by those, not by the style itself, for each of the cells.
  const cellStyleIds = new Map<string, number>();
  table.rows.forEach((row, r) => {
    const l = line();
    const total = row.kind === 'total';
    const base: CellStyle = total
      ? { bold: true, borderTop: RULE_COLOUR }
      : row.kind === 'section'
        ? { bold: true }
        : {};
    table.columns.forEach((c, i) => {
      const v = row.values[i];
      const mark = flagged.size ? flagged.get(`${r}:${i}`) : undefined;
      // How the value is shown: L label, N number, R text right-aligned, W text wrapped.
      let shown = '';
      if (i === 0) {
        l.value[i] = row.label || null;
        shown = 'L';
      } else if (v.kind === 'number') {
        l.value[i] = v.value;
        shown = 'N';
      } else if (v.kind === 'text' || v.kind === 'no-value' || v.kind === 'invalid') {
        const text = v.text;
        l.value[i] = text || null;
        shown = c.kind === 'number' ? 'R' : 'W';
      }
      const quote =
        (typeof l.value[i] === 'string' && looksLikeFormula(l.value[i] as string)) ||
        (i === 0 && looksLikeFormula(row.label));
      const key = `${row.kind}|${mark ?? ''}|${shown}|${quote ? 'Q' : ''}`;
      let id = cellStyleIds.get(key);
      if (id === undefined) {
        const style: CellStyle = { ...base };
        if (mark) style.fill = mark === 'error' ? ERROR_FILL : CHECK_FILL;
        if (shown === 'N') style.numFmt = numFmt;
        else if (shown === 'R') style.hAlign = 'right';
        else if (shown === 'W') style.wrap = true;
        if (quote) style.quotePrefix = true;
        id = Object.keys(style).length ? styles.id(style) : -1;
        cellStyleIds.set(key, id);
      }
      l.style[i] = id;
    });
    const note = notes.get(r);
    if (note) {
      // One line, read to the right: wrapped in a narrow column it overlapped the rows around it.
      l.value[cols] = note.join('; ');
      l.style[cols] = styles.id({ ...base, fontColor: RAG_COLOURS.amber.text });
    } else if (total && notes.size) {
      l.style[cols] = styles.id(base);
    }
  });

  const height = lines.length;
  const cellStyles = new Int32Array(width * height);
  const values = new Map<number, number | string>();
  lines.forEach((l, r) =>
    l.value.forEach((v, c) => {
      cellStyles[r * width + c] = l.style[c];
      if (v !== null) values.set(r * width + c, v);
    }),
  );
  const columnWidths = Array.from({ length: width }, (_, c) =>
    c === 0 ? 44 : c === cols ? 60 : table.columns[c].kind === 'text' ? 40 : 12,
  );
  const rowHeights = new Map<number, number>();
  let titleLines = 1;
  table.columns.forEach((c, i) => {
    if (c.header) titleLines = Math.max(titleLines, wrappedLines(c.header, columnWidths[i], true));
  });
  if (titleLines > 1) rowHeights.set(headerOffset, titleLines * LINE_HEIGHT);
  // Indexed on first use: only the pane asks, and only when there are findings to point with.
  let bySource: Map<string, { row: number; col: number }> | undefined;
  const sourceCell = (line: number, column: number) => {
    if (!bySource) {
      bySource = new Map();
      table.rows.forEach((row, r) =>
        row.cells.forEach((cell, c) => {
          if (cell && 'line' in cell.at)
            bySource!.set(`${cell.at.line}:${cell.at.column}`, { row: bodyOffset + r, col: c });
        }),
      );
    }
    return bySource.get(`${line}:${column}`);
  };
  return {
    width,
    height,
    styles: cellStyles,
    values,
    styleTable: styles.styles,
    columnWidths,
    rowHeights,
    sourceCell,
  };
}

/**
 * Where the block goes: where the table's previous block was, when it still fits there without
 * touching anything else; otherwise below everything on the sheet, after a blank row.
 */
export function placeBudgetBlock(
  sheet: SheetData | null,
  previous: CellRange | null,
  width: number,
  height: number,
): { area: CellRange; clear: CellRange[] } {
  const used = (row: number, col: number) => {
    const v = sheet?.cells[row]?.[col]?.value ?? null;
    return v !== null && !(typeof v === 'string' && v.trim() === '');
  };
  const free = (area: CellRange, except: CellRange | null) => {
    for (let row = area.top; row <= area.bottom; row++) {
      for (let col = area.left; col <= area.right; col++) {
        if (
          except &&
          row >= except.top &&
          row <= except.bottom &&
          col >= except.left &&
          col <= except.right
        )
          continue;
        if (used(row, col)) return false;
      }
    }
    return !(sheet?.merges ?? []).some(
      (m) => rangesIntersect(m, area) && !(except && rangesIntersect(m, except)),
    );
  };
  if (previous) {
    const area = {
      top: previous.top,
      left: previous.left,
      bottom: previous.top + height - 1,
      right: previous.left + width - 1,
    };
    // The blank row below the block must stay blank too, to keep blocks apart.
    const withGap = { ...area, bottom: area.bottom + 1 };
    if (free(withGap, previous)) return { area, clear: subtract(previous, area) };
  }
  // The last row holding a value (outside the table's previous block).
  let last = 0;
  for (const row of sheet ? rowsWithCells(sheet) : []) {
    const cells = sheet!.cells[row];
    for (let col = 1; col < cells.length; col++) {
      if (
        used(row, col) &&
        !(
          previous &&
          row >= previous.top &&
          row <= previous.bottom &&
          col >= previous.left &&
          col <= previous.right
        )
      ) {
        last = row;
        break;
      }
    }
  }
  const top = last ? last + 2 : 1;
  const left = 1;
  return {
    area: { top, left, bottom: top + height - 1, right: left + width - 1 },
    clear: previous ? [previous] : [],
  };
}
