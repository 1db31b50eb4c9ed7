/** The optional Settings sheet: labels in column A, values in column B, in any row. */

import { a1, cellValue, getCell, rowsWithCells, type SheetData } from '../cells.js';
import type { Day } from '../dates.js';
import type { Finding } from '../findings.js';
import type { Scale } from '../periods.js';
import { suggest } from '../suggest.js';
import { COLUMN_KEYS, FIELD_NAME, fieldKeyOf, normaliseHeader, type ColumnKey } from './columns.js';
import { readDate, textOf } from './fields.js';

/** A column title mapped on the Settings sheet, and where. */
export interface MappedColumn {
  title: string;
  /** The cell holding the title, e.g. `B9`. */
  cell: string;
  /** The label as typed, e.g. `Column: Start`. */
  label: string;
}

export interface Settings {
  programmeName?: string;
  reportDate?: Day;
  scale?: Scale;
  windowStart?: Day;
  windowEnd?: Day;
  planSheet?: string;
  /** The cell naming the plan sheet, for messages. */
  planSheetCell?: string;
  /** Column titles mapped to fields (`Column: Start` = `From`). */
  columns: Partial<Record<ColumnKey, MappedColumn>>;
  /** The Settings sheet's name as the workbook spells it; absent when there is none. */
  sheetName?: string;
}

type ValueKey = Exclude<keyof Settings, 'planSheetCell' | 'columns' | 'sheetName'>;

const SETTING_KEYS: Record<string, ValueKey> = {
  programme: 'programmeName',
  programmename: 'programmeName',
  reportdate: 'reportDate',
  dateofreport: 'reportDate',
  reportingdate: 'reportDate',
  timelinescale: 'scale',
  scale: 'scale',
  ganttscale: 'scale',
  programmestart: 'windowStart',
  timelinestart: 'windowStart',
  programmeend: 'windowEnd',
  timelineend: 'windowEnd',
  plansheet: 'planSheet',
};

/**
 * `Column: Start` -> the field it maps. With a colon the label is meant as a mapping, so an unknown
 * field is reported; `Column Start` without one is read only when it names a field.
 */
function mappingLabel(label: string): { key: ColumnKey } | { unknown: string } | null {
  const m = /^\s*column\s*([:\-–])?\s*(.+)$/i.exec(label);
  if (!m) return null;
  const key = fieldKeyOf(m[2]);
  if (key) return { key };
  return m[1] === ':' ? { unknown: m[2].trim() } : null;
}

/** The settings on `sheet`; problems (a date that is not one, an unknown scale or field) as findings. */
export function readSettingsSheet(
  sheet: SheetData,
  date1904: boolean,
  findings: Finding[],
): Settings {
  const settings: Settings = { columns: {}, sheetName: sheet.name };
  for (const row of rowsWithCells(sheet)) {
    const label = textOf(cellValue(sheet, row, 1));
    if (label === null) continue;
    const cell = getCell(sheet, row, 2);
    const value = textOf(cell?.value ?? null);
    const problem = (message: string, col = 2) =>
      findings.push({
        severity: 'error',
        rule: 'settings',
        sheet: sheet.name,
        cell: a1(row, col),
        message,
      });
    const mapping = mappingLabel(label);
    if (mapping && 'unknown' in mapping) {
      const names = COLUMN_KEYS.map((k) => FIELD_NAME[k]);
      const close = suggest(mapping.unknown, names, normaliseHeader);
      problem(
        `"${label}": plan-sync has no column called "${mapping.unknown}"${close ? `; did you mean "Column: ${close}"?` : '.'} The columns you can map are ${names.join(', ')}.`,
        1,
      );
      continue;
    }
    if (value === null) continue;
    if (mapping) {
      settings.columns[mapping.key] = { title: value, cell: a1(row, 2), label };
      continue;
    }
    const key = SETTING_KEYS[normaliseHeader(label)];
    if (!key) continue;
    if (key === 'reportDate' || key === 'windowStart' || key === 'windowEnd') {
      const date = readDate(cell, date1904);
      if (date.kind === 'date') settings[key] = date.day;
      else if (date.kind === 'invalid')
        problem(`${label}: ${date.reason}. Enter a date such as 13/11/2020.`);
    } else if (key === 'scale') {
      const scale = value
        .toLowerCase()
        .replace(/s$/, '')
        .replace(/^weekly$/, 'week')
        .replace(/^monthly$/, 'month')
        .replace(/^quarterly$/, 'quarter');
      if (scale === 'week' || scale === 'month' || scale === 'quarter') settings.scale = scale;
      else if (scale !== 'auto')
        problem(`Timeline scale "${value}" is not one of auto, week, month, quarter.`);
    } else if (key === 'planSheet') {
      settings.planSheet = value;
      settings.planSheetCell = a1(row, 2);
    } else {
      settings[key] = value;
    }
  }
  return settings;
}
