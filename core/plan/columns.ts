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

/** Column titles the user has mapped to fields (`Column: Start` = `From`, `--column start=From`). */
export type ColumnMapping = Partial<Record<ColumnKey, string>>;

/** Every field in the order the workbook format lists them. */
export const COLUMN_KEYS = Object.keys(COLUMN_ALIASES) as ColumnKey[];

/** The field's name in a mapping: `Column: Baseline start` on the Settings sheet. */
export const FIELD_NAME: Record<ColumnKey, string> = {
  ...COLUMN_TITLE,
  // Names, where the column's usual title is a phrase.
  progress: 'Progress',
  dependencies: 'Dependencies',
};

/** The field's name on the command line: `--column baseline-start=Original start`. */
export function optionFieldName(key: ColumnKey): string {
  return FIELD_NAME[key].toLowerCase().replace(/ /g, '-');
}

/**
 * The field a mapping names: `Start`, `start`, `baseline-start`, `% complete` or any alias of the
 * field (`Due date` is End). Undefined when it names none.
 */
export function fieldKeyOf(name: string): ColumnKey | undefined {
  const n = normaliseHeader(name);
  const named = COLUMN_KEYS.find(
    (k) => normaliseHeader(FIELD_NAME[k]) === n || normaliseHeader(COLUMN_TITLE[k]) === n,
  );
  return named ?? ALIAS_INDEX.get(n)?.key;
}

/**
 * Maps header texts (by column number) to plan columns. A title the user mapped to a field is that
 * field (and that field ignores its usual aliases); otherwise the best alias wins each field.
 */
export function matchColumns(
  headers: ReadonlyMap<number, string>,
  mapping: ColumnMapping = {},
): PlanColumns {
  const mapped = new Map<string, ColumnKey[]>();
  for (const key of COLUMN_KEYS) {
    const title = mapping[key];
    if (title === undefined) continue;
    const n = normaliseHeader(title);
    mapped.set(n, [...(mapped.get(n) ?? []), key]);
  }
  const best = new Map<ColumnKey, { col: number; rank: number }>();
  for (const [col, text] of headers) {
    const n = normaliseHeader(text);
    const keys = mapped.get(n);
    if (keys) {
      // The leftmost column with a mapped title is the one.
      for (const key of keys) if (best.get(key)?.rank !== -1) best.set(key, { col, rank: -1 });
      continue;
    }
    const hit = ALIAS_INDEX.get(n);
    if (!hit || mapping[hit.key] !== undefined) continue;
    const seen = best.get(hit.key);
    if (!seen || hit.rank < seen.rank) best.set(hit.key, { col, rank: hit.rank });
  }
  const columns: PlanColumns = {};
  for (const [key, { col }] of best) columns[key] = col;
  return columns;
}
