#!/usr/bin/env node
/**
 * The naive exceljs script the benchmark compares plan-sync with: exceljs reads the workbook,
 * sets the RAG fill and one fill per month of each task's span (whole new style objects, as the
 * exceljs notes require), and writes the workbook.
 *
 *   node bench/naive-exceljs.js IN.xlsx OUT.xlsx [SHEET HEADER_ROW START END RAG]
 *
 * The layout defaults to the template's: sheet Plan, header on row 1, columns Start, End and RAG.
 */
import ExcelJS from 'exceljs';
import { RAG_COLOURS, RAG_LABEL, RAG_STATUSES } from '../lib/core/rag.js';

const STATUS_BY_LABEL = new Map(RAG_STATUSES.map((s) => [RAG_LABEL[s], s]));

export async function naive(file, out, layout) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(layout.sheet);
  const header = ws.getRow(layout.headerRow);
  const named = {};
  header.eachCell((cell, c) => (named[String(cell.value)] = c));
  const col = { Start: named[layout.start], End: named[layout.end], RAG: named[layout.rag] };

  // Month columns to the right of the table, one blank column between.
  const rows = [];
  let first = Infinity;
  let last = -Infinity;
  for (let r = layout.headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const start = row.getCell(col.Start).value;
    const end = row.getCell(col.End).value;
    if (!(start instanceof Date) || !(end instanceof Date)) continue;
    const a = start.getUTCFullYear() * 12 + start.getUTCMonth();
    const b = end.getUTCFullYear() * 12 + end.getUTCMonth();
    rows.push({ row, a, b });
    first = Math.min(first, a);
    last = Math.max(last, b);
  }
  const left = ws.columnCount + 2;
  for (let k = 0; k <= last - first; k++) {
    const cell = header.getCell(left + k);
    const month = first + k;
    cell.value = new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
    cell.style = { ...cell.style, numFmt: 'mmm-yy', font: { bold: true } };
  }
  for (const { row, a, b } of rows) {
    const rag = row.getCell(col.RAG);
    const status = STATUS_BY_LABEL.get(String(rag.value));
    const colours = status ? RAG_COLOURS[status] : null;
    if (colours) {
      rag.style = {
        ...rag.style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${colours.fill}` } },
        font: { ...(rag.style.font ?? {}), color: { argb: `FF${colours.text}` } },
      };
    }
    const bar = colours ? colours.bar : '505A5F';
    for (let month = a; month <= b; month++) {
      const cell = row.getCell(left + (month - first));
      cell.style = {
        ...cell.style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${bar}` } },
      };
    }
  }
  await wb.xlsx.writeFile(out);
}

const [file, out, sheet = 'Plan', headerRow = '1', start = 'Start', end = 'End', rag = 'RAG'] =
  process.argv.slice(2);
if (!file || !out) {
  process.stderr.write(
    'Usage: node bench/naive-exceljs.js IN.xlsx OUT.xlsx [SHEET HEADER_ROW START END RAG]\n',
  );
  process.exitCode = 2;
} else {
  await naive(file, out, { sheet, headerRow: Number(headerRow), start, end, rag });
}
