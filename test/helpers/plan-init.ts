/** A plan workbook for the fake Excel host, built directly (no file): header row 1, one task a row. */
import { a1 } from '../../core/cells.js';
import { serialFromDay } from '../../core/dates.js';
import { PLAN_HEADERS, type TemplateTask } from '../../core/template.js';
import type { FakeWorkbookInit } from '../fake-excel/index.js';

export function planInit(tasks: readonly TemplateTask[]): FakeWorkbookInit {
  const cells: FakeWorkbookInit['sheets'][number]['cells'] = {};
  PLAN_HEADERS.forEach((h, c) => (cells[a1(1, c + 1)] = { value: h }));
  const col = (h: string) => PLAN_HEADERS.indexOf(h) + 1;
  tasks.forEach((t, i) => {
    const row = i + 2;
    cells[a1(row, col('ID'))] = { value: t.id };
    cells[a1(row, col('Workstream'))] = { value: t.workstream };
    cells[a1(row, col('Task'))] = { value: t.task };
    cells[a1(row, col('Start'))] = {
      value: serialFromDay(t.start, false),
      numberFormat: 'dd/mm/yyyy',
    };
    cells[a1(row, col('End'))] = { value: serialFromDay(t.end, false), numberFormat: 'dd/mm/yyyy' };
    cells[a1(row, col('RAG'))] = { value: t.rag };
    if (t.dependsOn) cells[a1(row, col('Depends on'))] = { value: t.dependsOn };
  });
  return { sheets: [{ name: 'Plan', cells }] };
}
