/** What validate and sync share: the plan options, and loading and validating FILE. */

import { validateWorkbook, type ValidateResult } from '../../core/validate.js';
import type { WorkbookData } from '../../core/cells.js';
import { loadWorkbookFile, workbookData, type LoadedWorkbook } from '../io/load.js';
import type { OptionSpecs } from './args.js';
import { parseDateOption, type CommandIO } from './context.js';

export const PLAN_OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  sheet: { type: 'string', value: 'NAME (the plan sheet)' },
  'report-date': { type: 'string', value: 'DATE (e.g. 13/11/2020)' },
} as const satisfies OptionSpecs;

export interface PlanInput {
  loaded: LoadedWorkbook;
  wb: WorkbookData;
  validated: ValidateResult;
}

export function loadPlan(
  file: string,
  values: { sheet?: string; 'report-date'?: string },
  io: CommandIO,
  beforeRead: (loaded: LoadedWorkbook) => void = () => {},
): PlanInput {
  const reportDate = parseDateOption('report-date', values['report-date']);
  const loaded = loadWorkbookFile(file);
  beforeRead(loaded);
  const wb = workbookData(loaded.pkg, values.sheet);
  const validated = validateWorkbook(wb, {
    sheetName: values.sheet,
    reportDate,
    today: io.today,
  });
  return { loaded, wb, validated };
}
