/** What validate and sync share: the plan options, and loading and validating FILE. */

import { validateWorkbook, type ValidateResult } from '../../core/validate.js';
import type { WorkbookData } from '../../core/cells.js';
import { loadWorkbookFile, workbookData, type LoadedWorkbook } from '../io/load.js';
import type { OptionSpecs } from './args.js';
import { parseDateOption, UsageError, type CommandIO } from './context.js';
import {
  COLUMN_KEYS,
  fieldKeyOf,
  normaliseHeader,
  optionFieldName,
  type ColumnMapping,
} from '../../core/plan/columns.js';
import { suggest } from '../../core/suggest.js';

export const PLAN_OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  sheet: { type: 'string', value: 'NAME (the plan sheet)' },
  'report-date': { type: 'string', value: 'DATE (e.g. 13/11/2020)' },
  column: { type: 'string', multiple: true, value: 'FIELD=TITLE (e.g. start=From)' },
} as const satisfies OptionSpecs;

/** `--column start=From --column end=To` -> the mapping; a malformed one is a usage error. */
export function columnOptions(given: readonly string[] = []): ColumnMapping {
  const mapping: ColumnMapping = {};
  const fields = COLUMN_KEYS.map(optionFieldName);
  for (const option of given) {
    const eq = option.indexOf('=');
    const field = eq < 0 ? option : option.slice(0, eq).trim();
    const title = eq < 0 ? '' : option.slice(eq + 1).trim();
    if (eq < 0 || !field || !title)
      throw new UsageError(
        `--column "${option}" needs a field and a column title: --column FIELD=TITLE, e.g. --column start=From.`,
      );
    const key = fieldKeyOf(field);
    if (!key) {
      const close = suggest(field, fields, normaliseHeader);
      throw new UsageError(
        `--column ${option}: "${field}" is not a plan column${close ? `; did you mean ${close}?` : '.'} The fields are ${fields.join(', ')}.`,
      );
    }
    mapping[key] = title;
  }
  return mapping;
}

export interface PlanInput {
  loaded: LoadedWorkbook;
  wb: WorkbookData;
  validated: ValidateResult;
}

export function loadPlan(
  file: string,
  values: { sheet?: string; 'report-date'?: string; column?: string[] },
  io: CommandIO,
  beforeRead: (loaded: LoadedWorkbook) => void = () => {},
): PlanInput {
  const reportDate = parseDateOption('report-date', values['report-date']);
  const columns = columnOptions(values.column);
  const loaded = loadWorkbookFile(file);
  beforeRead(loaded);
  const wb = workbookData(loaded.pkg, values.sheet);
  const validated = validateWorkbook(wb, {
    sheetName: values.sheet,
    columns,
    reportDate,
    today: io.today,
  });
  return { loaded, wb, validated };
}
