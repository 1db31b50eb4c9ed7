/**
 * Plan columns are found by their header text, whatever the order, case, spacing or punctuation,
 * because every programme office titles its columns a little differently.
 */

export type ColumnKey =
  | 'id'
  | 'workstream'
  | 'task'
  | 'lead'
  | 'stakeholders'
  | 'start'
  | 'end'
  | 'rag'
  | 'progress'
  | 'dependencies'
  | 'baselineStart'
  | 'baselineEnd';

export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['id', 'task', 'start', 'end'];

/** What each column is called in the workbook format document and in messages. */
export const COLUMN_TITLE: Record<ColumnKey, string> = {
  id: 'ID',
  workstream: 'Workstream',
  task: 'Task',
  lead: 'Lead',
  stakeholders: 'Stakeholders',
  start: 'Start',
  end: 'End',
  rag: 'RAG',
  progress: '% complete',
  dependencies: 'Depends on',
  baselineStart: 'Baseline start',
  baselineEnd: 'Baseline end',
};

/** Header aliases, best first: when two columns match one key, the earlier alias wins. */
export const COLUMN_ALIASES: Record<ColumnKey, readonly string[]> = {
  id: ['ID', 'Ref', 'Reference', 'Ref no', 'Task ID', 'No', '#', 'WBS', 'Number'],
  workstream: ['Workstream', 'Work stream', 'Project work stream', 'Stream', 'Work package'],
  task: [
    'Task',
    'Task name',
    'Action',
    'Actions',
    'Activity',
    'Deliverable',
    'Actions / Deliverables / Activities',
    'Description',
    'Milestone',
  ],
  lead: ['Lead', 'Owner', 'Project lead', 'Responsible', 'Workstream lead'],
  stakeholders: ['Stakeholders', 'Resources', 'Stakeholders / Resources'],
  start: ['Start', 'Start date', 'Begin', 'Planned start'],
  end: [
    'End',
    'End date',
    'Finish',
    'Due',
    'Due date',
    'Target date',
    'Planned end',
    'Finish date',
  ],
  rag: ['RAG', 'RAG status', 'Status', 'Current status'],
  progress: ['% complete', 'Progress', 'Percent complete', '% done'],
  dependencies: ['Depends on', 'Dependencies', 'Predecessors', 'Dependency'],
  baselineStart: ['Baseline start', 'Original start'],
  baselineEnd: ['Baseline end', 'Original end', 'Baseline finish'],
};

/** `% Complete` -> `percentcomplete`, `#` -> `number`, `Start-Date` -> `startdate`. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/%/g, ' percent ')
    .replace(/#/g, ' number ')
    .replace(/[^a-z0-9]+/g, '');
}

const ALIAS_INDEX: Map<string, { key: ColumnKey; rank: number }> = (() => {
  const index = new Map<string, { key: ColumnKey; rank: number }>();
  for (const key of Object.keys(COLUMN_ALIASES) as ColumnKey[]) {
    COLUMN_ALIASES[key].forEach((alias, rank) => index.set(normaliseHeader(alias), { key, rank }));
  }
  return index;
})();

export function columnKeyOf(header: string): { key: ColumnKey; rank: number } | undefined {
  return ALIAS_INDEX.get(normaliseHeader(header));
}

export type PlanColumns = Partial<Record<ColumnKey, number>>;

/** Maps header texts (by column number) to plan columns, the best alias winning each key. */
export function matchColumns(headers: ReadonlyMap<number, string>): PlanColumns {
  const best = new Map<ColumnKey, { col: number; rank: number }>();
  for (const [col, text] of headers) {
    const hit = columnKeyOf(text);
    if (!hit) continue;
    const seen = best.get(hit.key);
    if (!seen || hit.rank < seen.rank) best.set(hit.key, { col, rank: hit.rank });
  }
  const columns: PlanColumns = {};
  for (const [key, { col }] of best) columns[key] = col;
  return columns;
}
