/**
 * The content of a new plan workbook, as plain data (no exceljs, no fs): the column headers,
 * a worked example drawn from a real transition programme, and a synthetic plan generator
 * for benchmarks. `sync/commands/init.ts` turns this into a workbook.
 */

import { addDays, dayFromYMD, type Day } from './dates.js';
import { RAG_LABEL, RAG_STATUSES } from './rag.js';

export interface TemplateTask {
  id: string;
  workstream: string;
  task: string;
  stakeholders: string;
  lead: string;
  start: Day;
  /** Equal to `start` for a milestone. */
  end: Day;
  /** A canonical RAG label (`RAG_LABEL`), e.g. `Amber/Red`. */
  rag: string;
  /** 0..1 */
  progress: number;
  /** Comma-separated IDs of the tasks this one follows; '' when none. */
  dependsOn: string;
  /** The original (pre-re-plan) dates, when the task was re-baselined. */
  baselineStart?: Day;
  baselineEnd?: Day;
  comments?: string;
}

export interface TemplateWorkstream {
  name: string;
  lead: string;
  rag: string;
  /** The date of the workstream's latest highlight report. */
  reportDate?: Day;
  /** Highlight-report narrative (the Workstreams sheet's last four columns). */
  progressToDate?: string;
  nextPeriod?: string;
  risksAndIssues?: string;
  escalations?: string;
}

/** Header row of the Plan sheet, in order (titles from `core/plan/columns.ts` COLUMN_TITLE, plus Comments). */
export const PLAN_HEADERS: readonly string[] = [
  'ID',
  'Workstream',
  'Task',
  'Stakeholders',
  'Lead',
  'Start',
  'End',
  'RAG',
  '% complete',
  'Depends on',
  'Baseline start',
  'Baseline end',
  'Comments',
];

/** The labels of the Settings sheet (column A), in order. */
export const SETTINGS_LABELS = {
  programmeName: 'Programme name',
  reportDate: 'Report date',
  scale: 'Timeline scale',
  windowStart: 'Programme start',
  windowEnd: 'Programme end',
  ragRollup: 'RAG roll-up',
  ragScale: 'RAG scale',
  reportPeriod: 'Report period',
  columnStart: 'Column: Start',
} as const;

/** What `init` puts in the Settings sheet's value column, where it is not blank. */
export const SETTINGS_DEFAULTS: Partial<Record<keyof typeof SETTINGS_LABELS, string | number>> = {
  scale: 'auto',
  ragRollup: 'worst',
  ragScale: 'five-point',
  reportPeriod: 4,
};

/** Header row of the Workstreams sheet. */
export const WORKSTREAM_HEADERS: readonly string[] = [
  'Workstream',
  'Lead',
  'RAG',
  'Date of report',
  'Progress to date',
  'Next period',
  'Risks and issues',
  'Escalations',
];

function day(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  const result = dayFromYMD(y, m, d);
  if (result === null) throw new Error(`template: ${iso} is not a date`);
  return result;
}

const R = RAG_LABEL;

const GOVERNANCE = 'Governance';
const HR = 'HR and Consultation';
const FINANCE = 'Finance';
const LANGUAGE = 'Language Services';
const IT = 'IT Network & Infrastructure';
const COMMS = 'Communication and Engagement';
const SCHOOLS = 'Schools and Academies';
const PMO = 'Programme Management';

const LEADS: Record<string, string> = {
  [GOVERNANCE]: 'Tricia Burningham',
  [HR]: 'Anna Syson',
  [FINANCE]: 'Justine Hartley',
  [LANGUAGE]: 'Tricia Burningham',
  [IT]: 'Joan West',
  [COMMS]: 'Juliette Priddy',
  [SCHOOLS]: 'Vicky Elday',
  [PMO]: 'Claire Townrow',
};

type Row = [
  id: string,
  workstream: string,
  task: string,
  stakeholders: string,
  start: string,
  end: string,
  rag: string,
  progress: number,
  dependsOn: string,
  baseline?: [string, string] | null,
  comments?: string,
];

const REVISED = 'Revised timetable as a result of the Covid-19 pandemic.';

// The LGSS Business Transition Programme (seeds 000 and 001): actions, stakeholders, leads and
// statuses as reported to the Transition Board on 13 November 2020. Baselines are the original
// (pre-Covid) timetable. Everything that ended before the report date is Complete.
// prettier-ignore
const EXAMPLE_ROWS: Row[] = [
  // 1 Governance
  ['1', GOVERNANCE, 'Implement new governance arrangements', 'Democratic Services x 3; Council Leaders and Cabinet Members; Partner CEXs; Partner S151/Finance Directors', '2020-03-02', '2021-02-26', R['amber-red'], 0.6, '', ['2020-03-02', '2020-09-30'], REVISED],
  ['1.1', GOVERNANCE, 'Initiate business model programme transition governance', 'Partner CEXs; LGSS MD', '2020-03-02', '2020-04-30', R.complete, 1, ''],
  ['1.2', GOVERNANCE, 'Write Cabinet paper x 3', 'Democratic Services x 3; Council Leader and Cabinet Member', '2020-06-01', '2020-07-17', R.complete, 1, '1.1', ['2020-03-16', '2020-04-10'], REVISED],
  ['1.3', GOVERNANCE, 'Write Full Council paper x 3', 'Democratic Services x 3', '2020-07-20', '2020-08-28', R.complete, 1, '1.2', ['2020-04-13', '2020-05-08']],
  ['1.4', GOVERNANCE, 'Secure political approval of disbandment of current LGSS model from each Partner authority', 'Council Leader and Cabinet Member; LGSS Joint Committee Chair', '2020-08-31', '2020-10-30', R.complete, 1, '1.3', ['2020-05-11', '2020-06-30']],
  ['1.5', GOVERNANCE, 'Dissolve joint union consultative forum', 'Joint Union consultative forum representative; HR Lead', '2020-11-02', '2020-11-27', R.amber, 0.5, '2.3'],
  ['1.6', GOVERNANCE, 'Final Joint Committee', 'LGSS Joint Committee Chair; Democratic Services x 3', '2020-11-26', '2020-11-26', R.green, 0, '1.4', null, 'Cessation of the LGSS Joint Committee as of 26 November 2020.'],
  ['1.7', GOVERNANCE, 'Disband LGSS Management Board', 'LGSS MD; Partner S151/Finance Directors', '2020-11-30', '2020-11-30', R.green, 0, '1.6'],
  ['1.8', GOVERNANCE, 'Inaugural Lead Authority Board', 'Partner S151/Finance Directors; Performance and Governance Service', '2020-12-04', '2020-12-04', R.green, 0, '1.7', null, 'Terms of reference to be agreed at the inaugural meeting.'],
  ['1.9', GOVERNANCE, 'Amend or replace the Joint Committee and Delegation Agreement', 'Legal support for LGSS and Partners; Partner S151/Finance Directors', '2020-09-14', '2021-02-26', R.red, 0.3, '', ['2020-04-01', '2020-07-31'], 'Interim contractual arrangements needed while the full documentation is negotiated.'],
  ['1.10', GOVERNANCE, 'SLA and KPI review (Task and Finish Groups)', 'Partner S151s; Service heads', '2020-10-01', '2020-12-18', R.amber, 0.5, ''],
  ['1.11', GOVERNANCE, 'Changes made to Council Constitutions and Schemes of Delegation', 'Democratic Services x 3', '2020-12-07', '2021-03-26', R['not-started'], 0, '1.8'],

  // 2 HR and Consultation
  ['2', HR, 'Full and robust LGSS staff collective consultation and engagement', 'Trade Union representatives; LGSS Transition Programme Board; HR Lead', '2020-04-01', '2020-12-18', R.green, 0.85, '', ['2020-03-02', '2020-06-30'], REVISED],
  ['2.1', HR, 'Develop staff engagement and communication plan (revised in response to Covid-19)', 'Comms and Engagement Lead; HR Lead', '2020-04-01', '2020-06-30', R.complete, 1, '', ['2020-03-02', '2020-03-31']],
  ['2.2', HR, 'Trade Union engagement to commence collective consultation', 'Trade Union representatives from partner councils', '2020-07-01', '2020-08-24', R.complete, 1, '2.1'],
  ['2.3', HR, 'Collective consultation', 'c. 1,300 LGSS staff; Trade Unions; Key stakeholders', '2020-08-25', '2020-09-25', R.complete, 1, '2.2', ['2020-04-01', '2020-05-15'], 'Started 25 August 2020, extended by one day after the Northamptonshire IT outage.'],
  ['2.4', HR, 'Formal feedback document circulated to staff and Trade Unions', 'Staff; Trade Unions', '2020-09-28', '2020-10-09', R.complete, 1, '2.3'],
  ['2.5', HR, 'Individual consultation, ring-fenced appointments and redeployment', 'Staff at risk; Partner HR teams', '2020-09-28', '2020-12-18', R.green, 0.8, '2.3', null, '14 of 25 staff whose posts were deleted have been redeployed.'],
  ['2.6', HR, 'Establishment changes agreed and submitted', 'Partner HR teams; Finance Business Partners', '2020-10-26', '2020-12-11', R['amber-green'], 0.6, '2.4'],
  ['2.7', HR, 'Agree HR support arrangements and handover for Lead Authority services', 'Heads of HR', '2020-11-16', '2020-12-18', R['not-started'], 0, ''],

  // 3 Finance
  ['3', FINANCE, 'Define Financial Strategy - Future and Disbandment', 'S151 and Finance Directors; Partner Finance BPs; ERP resource', '2020-06-01', '2021-03-31', R.amber, 0.55, ''],
  ['3.1', FINANCE, 'Align current budgets to agreed new structure', 'Partner Authority Finance BPs', '2020-06-01', '2020-09-30', R.complete, 1, ''],
  ['3.2', FINANCE, 'Confirm and agree budgets for fully repatriated services', 'S151 and Finance Directors', '2020-07-01', '2020-09-30', R.complete, 1, ''],
  ['3.3', FINANCE, 'Cost of transition team and cost of backfill', 'Programme team; S151 and Finance Directors', '2020-09-01', '2020-11-27', R.amber, 0.7, ''],
  ['3.4', FINANCE, 'Develop a new charging model for Lead Authority services', 'Partner Finance BPs; Programme team', '2020-10-05', '2021-01-29', R['amber-red'], 0.25, '3.2', null, 'Key challenge: how recharging under the Lead Authority model will work.'],
  ['3.5', FINANCE, 'Close down LGSS position for Lead Authority services as at 30 November', 'LGSS budget managers', '2020-11-02', '2020-12-18', R.amber, 0.4, '3.1'],
  ['3.6', FINANCE, 'Closedown of current LGSS accounts and agree new contribution mechanism', 'S151 and Finance Directors; Financial Business Systems (ERP)', '2021-01-04', '2021-03-31', R['not-started'], 0, '3.5'],

  // 4 Language Services
  ['4', LANGUAGE, 'Disband MK Language Services delivery model, scope new delivery model and implement', 'Head of Service; HR; Interpreter pool; Key users MKC and NCC', '2020-06-01', '2021-03-31', R.green, 0.75, ''],
  ['4.1', LANGUAGE, 'MKLS staff consultation', 'Staff in the service area; Unions', '2020-08-25', '2020-09-25', R.complete, 1, '2.2'],
  ['4.2', LANGUAGE, 'Communications to staff, interpreters and customers', 'Interpreter pool; Contractual and ad hoc customers', '2020-09-14', '2020-10-30', R.complete, 1, ''],
  ['4.3', LANGUAGE, 'Interim service delivery model goes live', 'Language is Everything; MKC; NCC', '2020-11-01', '2020-11-01', R.complete, 1, '4.1', null, 'Interim supply agreed from 1 November 2020 to 31 March 2021.'],
  ['4.4', LANGUAGE, 'Project closure meeting', 'Programme team; Head of Service', '2020-11-25', '2020-11-25', R.green, 0, '4.3'],
  ['4.5', LANGUAGE, 'Procurement of new provision (MKC and NCC)', 'MKC procurement; NCC commissioning and procurement', '2020-11-02', '2021-03-31', R['amber-green'], 0.2, '4.3'],

  // 5 IT Network & Infrastructure
  ['5', IT, 'IT Services - future model', 'CCC, MKC, NCC IT Leads; Northamptonshire LGR Programme', '2020-05-01', '2021-02-26', R.amber, 0.55, ''],
  ['5.1', IT, 'Recruit IT Project Manager and IT Solutions Architect', 'Transition Board members', '2020-05-01', '2020-06-30', R.complete, 1, ''],
  ['5.2', IT, 'Review current IT network and infrastructure and interdependencies', 'CCC, MKC, NCC IT Leads', '2020-07-01', '2020-07-23', R.complete, 1, '5.1'],
  ['5.3', IT, 'Options paper presented to Transition Board', 'Transition Board members', '2020-07-24', '2020-07-24', R.complete, 1, '5.2'],
  ['5.4', IT, 'OLA / SLA workstream', 'IT services; IT Business Leads; Finance', '2020-09-01', '2020-11-20', R.amber, 0.75, '5.3', ['2020-09-01', '2020-10-30'], 'Recruitment delay: slipped from end October to mid November.'],
  ['5.5', IT, 'LGSS domain road map', 'IT; System users; Lead authorities', '2020-10-05', '2021-02-26', R.green, 0.2, ''],

  // 6 Communication and Engagement
  ['6', COMMS, 'Full and robust customer engagement and communication plan', 'Comms and Engagement Lead; Key Partner Comms team lead; Media lead; HR lead', '2020-03-02', '2020-12-18', R.green, 0.8, ''],
  ['6.1', COMMS, 'Define customer base (schools, contractual customers, 3rd party contracts)', 'Customer SROs', '2020-03-02', '2020-04-30', R.complete, 1, ''],
  ['6.2', COMMS, 'One-to-one meetings between Programme Director and customer SROs', 'Programme Director; Customer SROs/CEOs', '2020-06-01', '2020-08-28', R.complete, 1, '6.1', ['2020-05-01', '2020-05-29']],
  ['6.3', COMMS, 'Head of Service handover packs and repatriated employee information packs', 'LGSS Heads of Service; Repatriating staff', '2020-08-03', '2020-09-30', R.complete, 1, ''],
  ['6.4', COMMS, 'Rebranding of LGSS: identify and amend branding across products and processes', 'LGSS Heads of Service; Partner Communications Team', '2020-07-01', '2020-12-18', R['amber-green'], 0.6, ''],
  ['6.5', COMMS, 'Deliver communication and engagement plan for the Lead Authority model', 'Partner comms and web teams', '2020-10-01', '2020-12-18', R.green, 0.55, '6.3'],
  ['6.6', COMMS, 'Publish new Performance and Governance intranet page', 'Partner web teams', '2020-11-16', '2020-11-30', R['not-started'], 0, ''],

  // 7 Schools and Academies
  ['7', SCHOOLS, 'Operating model review of Schools and Academies', 'Partner S151s/Finance Directors; Partner Council senior management teams', '2020-04-01', '2021-03-31', R.green, 0.6, ''],
  ['7.1', SCHOOLS, 'Cost benefit analysis of existing provision', 'Service leads; Finance', '2020-04-01', '2020-06-30', R.complete, 1, ''],
  ['7.2', SCHOOLS, 'Options presented to S151 officers', 'Chris Malyon (CCC); Steve Richardson (MKC); Barry Scarr (NCC)', '2020-07-01', '2020-07-07', R.complete, 1, '7.1'],
  ['7.3', SCHOOLS, 'Board decision on future Schools and Academies provision', 'Business Transition Board', '2020-07-24', '2020-07-24', R.complete, 1, '7.2'],
  ['7.4', SCHOOLS, 'Handover packs sent to repatriated services', 'Repatriated service heads', '2020-09-01', '2020-09-30', R.complete, 1, '7.3'],
  ['7.5', SCHOOLS, 'Start the 2021/22 buyback process for Lead Authority services', 'Schools and Academies; MKC', '2020-11-16', '2021-03-31', R['not-started'], 0, '7.4'],

  // 8 Programme Management
  ['8', PMO, 'Set up and run the Project Transition Team', 'Programme Director/Sponsor; Project Manager and Project Support; Workstream leads', '2020-03-02', '2021-03-31', R.amber, 0.7, ''],
  ['8.1', PMO, 'Agree scope and brief', 'Programme Director/Sponsor', '2020-03-02', '2020-03-31', R.complete, 1, ''],
  ['8.2', PMO, 'Transition Team in place', 'Programme Director; Workstream leads', '2020-04-01', '2020-06-30', R.complete, 1, '8.1', ['2020-03-02', '2020-03-31'], 'Team members redeployed to the Covid-19 response, then recalled.'],
  ['8.3', PMO, 'Repatriation of services', 'Repatriating service heads; New line managers', '2020-10-01', '2020-10-01', R.complete, 1, '8.2, 2.3', ['2020-06-30', '2020-06-30'], 'Services repatriated to home councils on 1 October 2020.'],
  ['8.4', PMO, 'Lead Authority model go-live', 'Lead Authority service heads; Partner councils', '2020-12-01', '2020-12-01', R.amber, 0, '8.3, 1.6', ['2020-10-01', '2020-10-01'], 'LA model go-live 1/12.'],
  ['8.5', PMO, 'Risk register, issues log, plan and highlight reports', 'Project Manager and Project Support', '2020-04-01', '2021-03-31', R.green, 0.6, ''],
  ['8.6', PMO, 'Realign business-critical priorities during Programme Manager absence', 'Programme Director; Workstream leads', '2020-11-02', '2020-11-27', R['amber-red'], 0.4, ''],
  ['8.7', PMO, 'Produce project close report and lessons learned report', 'Programme Director; Transition Board', '2021-01-04', '2021-03-12', R['not-started'], 0, '8.4'],
];

type Narrative = [progress: string, next: string, risks: string, escalations: string];

// prettier-ignore
const EXAMPLE_WORKSTREAMS: [string, string, string, Narrative][] = [
  [GOVERNANCE, R['amber-red'], '2020-11-09', [
    'Business Transition Board governance implemented; forward plan developed and all meetings scheduled. Lead Authority implementation planning commenced (PDA, contracts, constitution updates).',
    'Final Joint Committee 26 November; inaugural Lead Authority Board 4 December; interim contractual arrangements agreed by the Board.',
    'The new governance framework and agreements are significant work; interim arrangements needed. Project Manager takes up a new post from 1 December.',
    'Agree resourcing to complete the Governance project on an interim basis.',
  ]],
  [HR, R.green, '2020-11-04', [
    'Final individual consultation meetings held and notice issued; 14 people redeployed.',
    'Remaining establishment changes agreed and submitted; handover of HR support for Lead Authority services.',
    'Proposed Public Sector Exit Cap: clear guidance still not available.',
    'Board to remind Leadership Teams of the commitment to redeployment.',
  ]],
  [FINANCE, R.amber, '2020-11-04', [
    'Please provide brief overview as to the current status of the project made to date.',
    'Close down the LGSS position for Lead Authority services as at 30 November; realign budgets.',
    'Resourcing remains the key risk; recharging under the Lead Authority model is not yet worked out.',
    'Separate paper on transition costs seeks the Board\'s views.',
  ]],
  [LANGUAGE, R.green, '2020-11-04', [
    'Project entering closure; interim supplier in place from 1 November.',
    'Project closure meeting 25 November.',
    'None (risks managed).',
    'None',
  ]],
  [IT, 'Amber OLA / Green', '2020-11-04', [
    '3 of 32 OLAs fully signed off; 8 awaiting business sign-off. Road map workstream kicked off.',
    'Complete the overarching OLA document; create the OLA repository and hand over to BAU.',
    'Delay in recruiting the final business analyst: OLA slippage from end October to mid-November.',
    'None',
  ]],
  [COMMS, R.green, '2020-11-04', [
    'Handover packs, repatriated employee packs and customer emails complete; Lead Authority comms plan drafted.',
    'Publish comms for the launch of the Lead Authority model on 1 December.',
    'None',
    'None',
  ]],
  [SCHOOLS, R.green, '2020-11-05', [
    'Cost benefit analysis done; Board decided councils continue the provision; handover packs sent.',
    'Start the 2021/22 buyback process for the Lead Authority services.',
    'None',
    'None',
  ]],
  [PMO, R.amber, '2020-11-12', [
    'Business critical priorities realigned while the Programme Manager is off work.',
    'Programme team ceases 30 November; open matters handed to the Lead Authority Board.',
    'Programme Manager absent with no confirmed return date.',
    'None',
  ]],
];

export interface ExampleProgramme {
  programmeName: string;
  reportDate: Day;
  /** The timeline window (Settings: Programme start / Programme end). */
  programmeStart: Day;
  programmeEnd: Day;
  tasks: TemplateTask[];
  workstreams: TemplateWorkstream[];
}

/** The worked example: the LGSS Business Transition Programme as at 13 November 2020. */
export function exampleProgramme(): ExampleProgramme {
  const tasks = EXAMPLE_ROWS.map(
    ([
      id,
      workstream,
      task,
      stakeholders,
      start,
      end,
      rag,
      progress,
      dependsOn,
      baseline,
      comments,
    ]) => {
      const t: TemplateTask = {
        id,
        workstream,
        task,
        stakeholders,
        lead: LEADS[workstream],
        start: day(start),
        end: day(end),
        rag,
        progress,
        dependsOn,
      };
      if (baseline) {
        t.baselineStart = day(baseline[0]);
        t.baselineEnd = day(baseline[1]);
      }
      if (comments) t.comments = comments;
      return t;
    },
  );
  return {
    programmeName: 'LGSS Business Transition Programme',
    reportDate: day('2020-11-13'),
    programmeStart: day('2020-03-01'),
    programmeEnd: day('2021-03-31'),
    tasks,
    workstreams: EXAMPLE_WORKSTREAMS.map(([name, rag, reportDate, narrative]) => ({
      name,
      lead: LEADS[name],
      rag,
      reportDate: day(reportDate),
      progressToDate: narrative[0],
      nextPeriod: narrative[1],
      risksAndIssues: narrative[2],
      escalations: narrative[3],
    })),
  };
}

/** The eight workstreams of the synthetic plans, with their leads. */
export const SYNTHETIC_WORKSTREAMS: readonly TemplateWorkstream[] = [
  GOVERNANCE,
  HR,
  FINANCE,
  LANGUAGE,
  IT,
  COMMS,
  SCHOOLS,
  PMO,
].map((name) => ({ name, lead: LEADS[name], rag: R.green }));

/** Mulberry32: a small, fast, seedable PRNG (deterministic across platforms). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = [
  'Agree',
  'Draft',
  'Review',
  'Deliver',
  'Consult on',
  'Sign off',
  'Procure',
  'Test',
  'Migrate',
  'Close down',
  'Brief staff on',
  'Publish',
];
const OBJECTS = [
  'service level agreements',
  'budget realignment',
  'payroll interfaces',
  'cabinet paper',
  'staff consultation pack',
  'data sharing agreement',
  'network cut-over',
  'customer contracts',
  'intranet content',
  'KPI framework',
  'exit plan',
  'risk register',
];

/** First day of the synthetic plans: 1 April 2024 (a Monday, the start of a financial year). */
const SYNTHETIC_START = day('2024-04-01');

/**
 * A deterministic synthetic plan for benchmarks: `tasks` tasks over `years` years (default 3) in
 * eight workstreams, spans of 2..120 days, about 8% milestones, statuses spread over all seven
 * labels, and dependencies only on earlier tasks that have ended by the time the task starts
 * (so never a cycle, and no overlap warnings). Same `seed` (default 1), same plan.
 */
export function generatePlan(
  tasks: number,
  opts: { seed?: number; years?: number } = {},
): TemplateTask[] {
  const random = prng(opts.seed ?? 1);
  const years = opts.years ?? 3;
  const horizon = Math.max(1, Math.round(years * 365.25));
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  // Dates first, then sorted by start so that "earlier task" also means "starts no later".
  const spans: { start: Day; end: Day; ws: number }[] = [];
  for (let i = 0; i < tasks; i++) {
    const milestone = random() < 0.08;
    const length = milestone ? 0 : int(2, 120) - 1; // 2..120 days inclusive
    const start = addDays(SYNTHETIC_START, int(0, Math.max(0, horizon - 1 - length)));
    spans.push({ start, end: start + length, ws: int(0, SYNTHETIC_WORKSTREAMS.length - 1) });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);

  const counters = new Array<number>(SYNTHETIC_WORKSTREAMS.length).fill(0);
  const out: TemplateTask[] = [];
  for (let i = 0; i < spans.length; i++) {
    const { start, end, ws } = spans[i];
    const workstream = SYNTHETIC_WORKSTREAMS[ws];
    const id = `${ws + 1}.${++counters[ws]}`;
    const status = RAG_STATUSES[int(0, RAG_STATUSES.length - 1)];
    const progress = status === 'complete' ? 1 : status === 'not-started' ? 0 : int(1, 19) / 20;

    const deps: string[] = [];
    if (i > 0 && random() < 0.35) {
      const wanted = int(1, 2);
      for (let attempt = 0; attempt < 6 && deps.length < wanted; attempt++) {
        // Mostly recent tasks, as real plans chain nearby work.
        const j = Math.max(0, i - int(1, Math.min(i, 200)));
        const pred = out[j];
        if (pred.end <= start && !deps.includes(pred.id)) deps.push(pred.id);
      }
    }
    out.push({
      id,
      workstream: workstream.name,
      task: `${pick(VERBS)} ${pick(OBJECTS)} (${id})`,
      stakeholders: `${pick(SYNTHETIC_WORKSTREAMS).lead}; Programme team`,
      lead: workstream.lead,
      start,
      end,
      rag: RAG_LABEL[status],
      progress,
      dependsOn: deps.join(', '),
    });
  }
  return out;
}
