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
  /** How workstream statuses roll up (the highlight report); default `worst`. */
  ragRollup?: RagRollup;
  /** The RAG scale reported on; default `five-point`. */
  ragScale?: RagScale;
  /** The highlight report's period in weeks (milestones due, stale reports); default 4. */
  reportPeriodWeeks?: number;
  /** The programme's declared status as typed, and its cell (`Programme RAG` = `Amber`). */
  programmeRag?: { text: string; cell: string };
}

/** `worst` of the children, their `mean`, or `manual` (nothing computed, only compared). */
export type RagRollup = 'worst' | 'mean' | 'manual';
/** IPA five-point (with Amber/Green, Amber/Red) or three-point (Green, Amber, Red). */
export type RagScale = 'five-point' | 'three-point';

type ValueKey = Exclude<
  keyof Settings,
  | 'planSheetCell'
  | 'columns'
  | 'sheetName'
  | 'ragRollup'
  | 'ragScale'
  | 'reportPeriodWeeks'
  | 'programmeRag'
>;

type ReportKey = 'ragRollup' | 'ragScale' | 'reportPeriodWeeks' | 'programmeRag';

const REPORT_KEYS: Record<string, ReportKey> = {
  ragrollup: 'ragRollup',
  rollup: 'ragRollup',
  ragrolluprule: 'ragRollup',
  ragscale: 'ragScale',
  reportperiod: 'reportPeriodWeeks',
  reportperiodweeks: 'reportPeriodWeeks',
  reportingperiod: 'reportPeriodWeeks',
  reportingperiodweeks: 'reportPeriodWeeks',
  programmerag: 'programmeRag',
  programmestatus: 'programmeRag',
  programmeragstatus: 'programmeRag',
  overallrag: 'programmeRag',
  overallprogrammerag: 'programmeRag',
};

/** `Worst`, `worst of`, `Mean`, `average`, `Manual`, `judgement` -> the roll-up rule. */
export function parseRollup(text: string): RagRollup | null {
  const n = normaliseHeader(text);
  if (['worst', 'worstof', 'worstofchildren', 'weakestlink'].includes(n)) return 'worst';
  if (['mean', 'average', 'avg'].includes(n)) return 'mean';
  if (['manual', 'judgement', 'judgment', 'none', 'off'].includes(n)) return 'manual';
  return null;
}

/** `five-point`, `5`, `5-point`, `IPA 5 point`, `three-point`, `3`, `RAG` -> the scale. */
export function parseScale(text: string): RagScale | null {
  const n = normaliseHeader(text).replace(/^ipa/, '');
  if (['fivepoint', '5point', '5', 'five', '5pt', 'fivepointscale', '5pointscale'].includes(n))
    return 'five-point';
  if (
    ['threepoint', '3point', '3', 'three', '3pt', 'threepointscale', '3pointscale', 'rag'].includes(
      n,
    )
  )
    return 'three-point';
  return null;
}

/** `4`, `4 weeks`, `2 wks`, `1 month` (4 weeks) -> a whole number of weeks from 1 to 52. */
export function parsePeriodWeeks(text: string): number | null {
  const m = /^\s*(\d+)\s*(w|wk|wks|week|weeks|m|mo|month|months)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] && /^m/i.test(m[2]) ? 4 : 1);
  return n >= 1 && n <= 52 ? n : null;
}

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
    const reportKey = REPORT_KEYS[normaliseHeader(label)];
    if (reportKey === 'programmeRag') {
      settings.programmeRag = { text: value, cell: a1(row, 2) };
      continue;
    }
    if (reportKey === 'ragRollup') {
      const rollup = parseRollup(value);
      if (rollup) settings.ragRollup = rollup;
      else problem(`${label} "${value}" is not one of worst, mean, manual.`);
      continue;
    }
    if (reportKey === 'ragScale') {
      const scale = parseScale(value);
      if (scale) settings.ragScale = scale;
      else problem(`${label} "${value}" is not one of five-point, three-point.`);
      continue;
    }
    if (reportKey === 'reportPeriodWeeks') {
      const weeks = parsePeriodWeeks(value);
      if (weeks) settings.reportPeriodWeeks = weeks;
      else problem(`${label} "${value}" is not a number of weeks from 1 to 52 (such as 4).`);
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
