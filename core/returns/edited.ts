/**
 * Whether a lead has filled a return in: every editable value of its Return and Highlight sheets
 * compared with what its very hidden sheet says was issued. Used before a file is replaced by
 * issuing again, so a lead's returned work is never overwritten unnoticed.
 */

import { a1, type SheetData, type WorkbookData } from '../cells.js';
import { idKey } from '../plan/fields.js';
import { RETURN_FIELD_LABEL, RETURN_FIELDS, type ReadValue } from './fields.js';
import { HIGHLIGHT_FIELDS, HIGHLIGHT_LABEL, readHighlightSheet } from './highlight.js';
import { HIGHLIGHT_SHEET, ISSUED_SHEET, readIssuedSheet, RETURN_SHEET } from './issue.js';
import { readReturnSheet } from './read-return.js';

export type ReturnEdits =
  { kind: 'not-a-return'; reason: string } | { kind: 'edits'; edits: string[] };

/** What cannot be read (a status the master held as written) compares as its text, as in merge. */
const differs = (v: ReadValue | null | undefined, issued: string) =>
  v !== null && v !== undefined && (v.ok ? v.value : v.text) !== issued;

/** What differs from what was issued, as "1.2 RAG" (an empty list: untouched). */
export function returnEdits(wb: WorkbookData): ReturnEdits {
  const sheetNamed = (name: string): SheetData | undefined =>
    wb.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const issued = readIssuedSheet(sheetNamed(ISSUED_SHEET));
  if (!issued.ok) return { kind: 'not-a-return', reason: issued.reason };
  const sheet = readReturnSheet(sheetNamed(RETURN_SHEET), wb.date1904);
  if (!sheet.ok) return { kind: 'not-a-return', reason: sheet.reason };
  const base = new Map(issued.issue.tasks.map((t) => [idKey(t.id), t]));
  const edits: string[] = [];
  const seen = new Set<string>();
  for (const row of sheet.rows) {
    const task = row.id === null ? undefined : base.get(idKey(row.id));
    if (!task) {
      edits.push(`row ${row.row} (${row.id === null ? 'no ID' : `new task ${row.id}`})`);
      continue;
    }
    seen.add(idKey(task.id));
    for (const f of RETURN_FIELDS)
      if (differs(row.values[f], task.values[f])) edits.push(`${task.id} ${RETURN_FIELD_LABEL[f]}`);
  }
  for (const task of issued.issue.tasks)
    if (!seen.has(idKey(task.id))) edits.push(`${task.id} (row removed)`);
  const highlight = readHighlightSheet(sheetNamed(HIGHLIGHT_SHEET));
  for (const f of HIGHLIGHT_FIELDS)
    if (differs(highlight.values[f], issued.issue.highlight[f]))
      edits.push(`Highlight ${HIGHLIGHT_LABEL[f]}`);
  return { kind: 'edits', edits };
}

/** The IDs used by more than one task of the plan, each with its ID cells ("3 (A7, A9)"). */
export function duplicateIds(
  tasks: readonly { id: string | null; row: number }[],
  idColumn: number,
  only?: ReadonlySet<string>,
): string[] {
  const rows = new Map<string, { id: string; rows: number[] }>();
  for (const t of tasks) {
    if (t.id === null) continue;
    const key = idKey(t.id);
    if (only && !only.has(key)) continue;
    const hit = rows.get(key);
    if (hit) hit.rows.push(t.row);
    else rows.set(key, { id: t.id, rows: [t.row] });
  }
  return [...rows.values()]
    .filter((d) => d.rows.length > 1)
    .map((d) => `${d.id} (${d.rows.map((r) => a1(r, idColumn)).join(', ')})`);
}
