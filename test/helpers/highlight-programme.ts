/**
 * A programme workbook for the highlight report, typed in from the seeds' own statuses (the LGSS
 * Business Transition Programme as reported to its board on 13 November 2020): the summary table
 * says Governance is Amber while its tasks say Amber/Red; IT reports "AMBER OLA / GREEN"; Finance's
 * return still holds the template's prompt; dates of report are written several ways.
 */

import { writeFileSync } from 'node:fs';
import { d, sheet, workbook, type Input } from '../core/build.js';
import type { WorkbookData } from '../../core/cells.js';
import { runPython } from './python.js';

export const PLAN_ROWS: Input[][] = [
  [
    'ID',
    'Workstream',
    'Task',
    'Lead',
    'Start',
    'End',
    'RAG',
    '% complete',
    'Depends on',
    'Baseline start',
    'Baseline end',
  ],
  [
    '1.1',
    'Governance',
    'Initiate business model programme transition governance',
    'Tricia Burningham',
    d('2020-03-02'),
    d('2020-04-30'),
    'Complete',
    1,
    null,
  ],
  [
    '1.2',
    'Governance',
    'Write Cabinet paper x 3',
    'Tricia Burningham',
    d('2020-06-01'),
    d('2020-07-17'),
    'Complete',
    1,
    '1.1',
    d('2020-03-16'),
    d('2020-04-10'),
  ],
  [
    '1.5',
    'Governance',
    'Dissolve joint union consultative forum',
    'Tricia Burningham',
    d('2020-11-02'),
    d('2020-11-27'),
    'Amber',
    0.5,
    null,
  ],
  [
    '1.6',
    'Governance',
    'Final Joint Committee',
    'Tricia Burningham',
    d('2020-11-26'),
    d('2020-11-26'),
    'Green',
    0,
    '1.2',
  ],
  [
    '1.8',
    'Governance',
    'Inaugural Lead Authority Board',
    'Tricia Burningham',
    d('2020-12-04'),
    d('2020-12-04'),
    'Green',
    0,
    '1.6',
  ],
  [
    '1.9',
    'Governance',
    'Amend or replace the Joint Committee and Delegation Agreement',
    'Tricia Burningham',
    d('2020-09-14'),
    d('2021-02-26'),
    'Amber/Red',
    0.3,
    null,
    d('2020-04-01'),
    d('2020-07-31'),
  ],
  [
    '2.3',
    'HR and Consultation',
    'Collective consultation',
    'Anna Syson',
    d('2020-08-25'),
    d('2020-09-25'),
    'Complete',
    1,
    null,
  ],
  [
    '2.5',
    'HR and Consultation',
    'Individual consultation, ring-fenced appointments and redeployment',
    'Anna Syson',
    d('2020-09-28'),
    d('2020-12-18'),
    'Green',
    0.8,
    '2.3',
  ],
  [
    '2.6',
    'HR and Consultation',
    'Establishment changes agreed and submitted',
    'Anna Syson',
    d('2020-10-26'),
    d('2020-12-11'),
    'Green',
    0.6,
    null,
  ],
  [
    '3.1',
    'Finance',
    'Align current budgets to agreed new structure',
    'Justine Hartley',
    d('2020-06-01'),
    d('2020-09-30'),
    'Complete',
    1,
    null,
  ],
  [
    '3.4',
    'Finance',
    'Close down the LGSS position for Lead Authority services',
    'Justine Hartley',
    d('2020-11-02'),
    d('2020-12-18'),
    'Amber',
    0.4,
    null,
  ],
  [
    '4.1',
    'Language Services',
    'Interim supplier in place',
    'Tricia Burningham',
    d('2020-11-01'),
    d('2020-11-01'),
    'Complete',
    1,
    null,
  ],
  [
    '4.2',
    'Language Services',
    'Operational closure of MKLS',
    'Tricia Burningham',
    d('2020-11-02'),
    d('2020-11-30'),
    'Green',
    0.7,
    null,
  ],
  [
    '5.1',
    'IT Network & Infrastructure',
    'OLA / SLA sign-off',
    'Joan West',
    d('2020-09-01'),
    d('2020-11-13'),
    'Amber',
    0.7,
    null,
    d('2020-09-01'),
    d('2020-10-30'),
  ],
  [
    '5.2',
    'IT Network & Infrastructure',
    'LGSS domain road map',
    'Joan West',
    d('2020-11-02'),
    d('2021-02-15'),
    'Green',
    0.1,
    null,
  ],
  [
    '6.1',
    'Communication and Engagement',
    'Head of Service handover packs',
    'Juliette Priddy',
    d('2020-09-01'),
    d('2020-09-30'),
    'Complete',
    1,
    null,
  ],
  [
    '6.2',
    'Communication and Engagement',
    'Publish Lead Authority employee information packs',
    'Juliette Priddy',
    d('2020-10-30'),
    d('2020-10-30'),
    'Green',
    0,
    null,
  ],
  [
    '6.3',
    'Communication and Engagement',
    'Comms for the launch of the Lead Authority model',
    'Juliette Priddy',
    d('2020-11-16'),
    d('2020-12-01'),
    'Green',
    0.2,
    null,
  ],
  [
    '7.1',
    'Schools and Academies',
    'Cost benefit analysis',
    'Vicky Elday',
    d('2020-05-01'),
    d('2020-07-10'),
    'Complete',
    1,
    null,
  ],
  [
    '7.2',
    'Schools and Academies',
    'Start the 2021/22 buyback process',
    'Vicky Elday',
    d('2020-11-16'),
    d('2021-01-29'),
    'Green',
    0,
    null,
  ],
  [
    '8.1',
    'Programme Management',
    'Lead Authority go-live',
    'Claire Townrow',
    d('2020-12-01'),
    d('2020-12-01'),
    'Green',
    0,
    null,
  ],
  [
    '8.2',
    'Programme Management',
    'Vesting day: new unitary councils',
    'Claire Townrow',
    d('2021-04-01'),
    d('2021-04-01'),
    'Not started',
    0,
    '8.1',
  ],
  [
    '8.3',
    'Programme Management',
    'Hand outstanding matters to the Lead Authority Board',
    'Claire Townrow',
    d('2020-11-16'),
    d('2020-11-30'),
    'Amber',
    0.3,
    null,
  ],
];

export const FINANCE_PROMPT =
  'Please provide brief overview as to the current status of the project made to date.\nRepatriation work now largely complete and all budgets realigned.';

export const WORKSTREAM_ROWS: Input[][] = [
  [
    'Workstream',
    'Lead',
    'RAG',
    'Date of report',
    'Progress to date',
    'Next period',
    'Risks and issues',
    'Escalations',
  ],
  [
    'Project work stream 1: Governance',
    'Tricia Burningham',
    'Amber',
    '9 November 2020',
    'Business Transition Board governance implemented.',
    'Final Joint Committee; inaugural Lead Authority Board.',
    'Governance framework is significant work.',
    'Agree resourcing to complete the Governance project.',
  ],
  [
    'HR and Consultation',
    'Anna Syson',
    'Green',
    '4/11/20',
    'Final individual consultation meetings held.',
    'Remaining establishment changes.',
    'Public Sector Exit Cap guidance.',
    'None',
  ],
  [
    'Finance',
    'Justine Hartley',
    'AMBER',
    '4/11/20',
    FINANCE_PROMPT,
    'Close down the LGSS position.',
    'Resourcing.',
    'Paper on transition costs.',
  ],
  [
    'Language Services',
    'Tricia Burningham',
    'GREEN',
    d('2020-10-01'),
    'Project entering closure.',
    'Project closure meeting.',
    'None',
    'None',
  ],
  [
    'IT Network & Infrastructure',
    'Joan West',
    'AMBER OLA / GREEN',
    '4th November 2020',
    '3 OLAs signed off.',
    'Complete the overarching OLA document.',
    'Recruitment delay.',
    'N/A',
  ],
  [
    'Communication and Engagement',
    'Juliette Priddy',
    'GREEN',
    '4 November 2020',
    'Handover packs complete.',
    'Launch comms for 1 December.',
    'None',
    'None',
  ],
  [
    'Schools and Academies',
    'Vicky Elday',
    'GREEN',
    '5th November 2020',
    'Cost benefit analysis done.',
    'Start the 2021/22 buyback.',
    'None',
    'None',
  ],
  [
    'Programme Management',
    'Claire Townrow',
    'Amber',
    d('2020-11-12'),
    'Priorities realigned.',
    'Programme team ceases 30 November.',
    'Programme Manager absent.',
    null,
  ],
];

export const RAID_ROWS: Input[][] = [
  [
    'Type',
    'ID',
    'Description',
    'Workstream',
    'Owner',
    'Rating',
    'Status',
    'Escalate to board',
    'Linked task IDs',
  ],
  [
    'Risk',
    'R1',
    'Resourcing to complete the new governance framework',
    'Governance',
    'Tricia Burningham',
    'Amber/Red',
    'Open',
    'Yes',
    '1.9',
  ],
  [
    'Issue',
    'I1',
    'Delay recruiting the final business analyst: OLA slippage',
    null,
    'Joan West',
    'Amber',
    'Open',
    'No',
    '5.1',
  ],
  [
    'Risk',
    'R2',
    'Public Sector Exit Cap guidance not available',
    'HR and Consultation',
    'Anna Syson',
    'Low',
    'Open',
    'No',
    null,
  ],
  [
    'Risk',
    'R3',
    'Recharging under the Lead Authority model not yet worked out',
    'Finance',
    null,
    6,
    'Open',
    'No',
    null,
  ],
  [
    'Assumption',
    'A1',
    'Procurement staff repatriate by October',
    'Procurement',
    'Claire Townrow',
    null,
    'Open',
    'No',
    null,
  ],
  [
    'Dependency',
    'D1',
    'Legal documents from LGSS Law',
    'Governance',
    'Tricia Burningham',
    'Amber',
    'Open',
    'No',
    '9.9',
  ],
  [
    'Risk',
    'R4',
    'Joint Committee quorum',
    'Governance',
    'Tricia Burningham',
    'Red',
    'Closed',
    'No',
    '1.6',
  ],
];

export const SETTINGS_ROWS: Input[][] = [
  ['Setting', 'Value'],
  ['Programme name', 'LGSS Business Transition Programme'],
  ['Report date', d('2020-11-13')],
  ['Programme RAG', 'Amber'],
  ['RAG roll-up', 'worst'],
  ['RAG scale', 'five-point'],
  ['Report period', 4],
];

export function programmeWorkbook(
  extra: { settings?: Input[][]; workstreams?: Input[][]; plan?: Input[][] } = {},
): WorkbookData {
  return workbook([
    sheet('Plan', extra.plan ?? PLAN_ROWS),
    sheet('Workstreams', extra.workstreams ?? WORKSTREAM_ROWS),
    sheet('Settings', extra.settings ?? SETTINGS_ROWS),
    sheet('RAID log', RAID_ROWS),
  ]);
}

const WRITE = String.raw`
import json, sys, datetime
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
spec = json.load(open(sys.argv[1]))
wb = Workbook()
wb.remove(wb.active)
for name, rows in spec['sheets']:
    ws = wb.create_sheet(name)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(v, dict) and 'date' in v:
                y, m, d = map(int, v['date'].split('-'))
                cell.value = datetime.datetime(y, m, d)
                cell.number_format = 'dd/mm/yyyy'
            else:
                cell.value = v
# Something plan-sync does not own: a chart of the plan's progress.
ws = wb['Plan']
chart = BarChart()
chart.add_data(Reference(ws, min_col=8, min_row=1, max_row=len(spec['sheets'][0][1])), titles_from_data=True)
ws.add_chart(chart, 'N2')
wb.save(sys.argv[2])
`;

/** Writes the programme as an .xlsx with openpyxl (an independent writer), with a chart on the plan. */
export function writeProgrammeXlsx(
  file: string,
  dir: string,
  extra: { workstreams?: Input[][] } = {},
): void {
  const spec = {
    sheets: [
      ['Plan', PLAN_ROWS],
      ['Workstreams', extra.workstreams ?? WORKSTREAM_ROWS],
      ['Settings', SETTINGS_ROWS],
      ['RAID log', RAID_ROWS],
    ],
  };
  const json = `${dir}/programme-spec.json`;
  writeFileSync(json, JSON.stringify(spec));
  runPython(WRITE, [json, file]);
}
