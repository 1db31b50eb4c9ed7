/**
 * The optional RAID log: risks, assumptions, issues, dependencies, actions and decisions, one per
 * row, read with the same liberal header matching as the plan.
 */

import { a1, cellValue, rowsWithCells, type SheetData } from '../cells.js';
import type { Finding } from '../findings.js';
import { normaliseHeader } from '../plan/columns.js';
import { idKey, splitDependencies, textOf } from '../plan/fields.js';
import { findSheetName } from '../plan/locate.js';
import { HEADER_SEARCH_ROWS, workstreamKey, type Plan } from '../plan/read.js';
import { parseRag, type RagStatus } from '../rag.js';

/** Sheet names a RAID log goes by, best first. */
export const RAID_SHEET_NAMES: readonly string[] = [
  'RAID',
  'RAID log',
  'Risks and issues',
  'Risk and issue log',
  'Risks and issues log',
  'Risk log',
  'Risk register',
];

/** The RAID log's sheet among a workbook's sheet names, if it has one. */
export function findRaidSheet(names: readonly string[]): string | undefined {
  for (const wanted of RAID_SHEET_NAMES) {
    const found = findSheetName(names, wanted);
    if (found !== undefined) return found;
  }
  return undefined;
}

export type RaidType = 'risk' | 'assumption' | 'issue' | 'dependency' | 'action' | 'decision';

export const RAID_TYPE_LABEL: Record<RaidType, string> = {
  risk: 'Risk',
  assumption: 'Assumption',
  issue: 'Issue',
  dependency: 'Dependency',
  action: 'Action',
  decision: 'Decision',
};

export type RaidField =
  | 'type'
  | 'id'
  | 'description'
  | 'workstream'
  | 'owner'
  | 'rating'
  | 'status'
  | 'escalate'
  | 'linked';

export const RAID_ALIASES: Record<RaidField, readonly string[]> = {
  type: ['Type', 'RAID type', 'Category', 'Item type', 'Log type', 'R/A/I/D'],
  id: ['ID', 'Ref', 'Reference', 'Ref no', 'No', '#', 'Risk ID', 'Item ID', 'RAID ID', 'Number'],
  description: [
    'Description',
    'Title',
    'Summary',
    'Detail',
    'Details',
    'Item',
    'Risk',
    'Risk description',
    'Issue',
    'Description of risk or issue',
  ],
  workstream: ['Workstream', 'Work stream', 'Project', 'Project work stream', 'Stream'],
  owner: ['Owner', 'Risk owner', 'Action owner', 'Lead', 'Assigned to', 'Responsible'],
  rating: [
    'Rating',
    'RAG',
    'RAG rating',
    'RAG status',
    'Score',
    'Risk score',
    'Risk rating',
    'Current rating',
    'Severity',
    'Priority',
  ],
  status: ['Status', 'Open/Closed', 'Open or closed', 'State'],
  escalate: [
    'Escalate to board',
    'Escalate',
    'Escalation',
    'For escalation',
    'Escalate to the board',
    'Board escalation',
  ],
  linked: [
    'Linked task IDs',
    'Linked tasks',
    'Linked task',
    'Task IDs',
    'Tasks',
    'Related tasks',
    'Linked to',
    'Plan IDs',
  ],
};

const ALIAS_INDEX: ReadonlyMap<string, RaidField> = new Map(
  (Object.keys(RAID_ALIASES) as RaidField[]).flatMap((field) =>
    RAID_ALIASES[field].map((alias) => [normaliseHeader(alias), field] as const),
  ),
);

export interface RaidRating {
  text: string;
  /** The rating as a status (a score or High/Medium/Low is turned into one); null when unread. */
  status: RagStatus | null;
  /** A numeric score (likelihood x impact), when the rating is one. */
  score: number | null;
}

export interface RaidItem {
  row: number;
  type: RaidType | null;
  typeText: string | null;
  id: string | null;
  description: string | null;
  workstream: string | null;
  owner: string | null;
  rating: RaidRating | null;
  /** Open unless the status says closed (Closed, Resolved, Complete, Done...). */
  open: boolean;
  escalate: boolean;
  linkedTasks: readonly string[];
  /** A1 address of each of the row's cells that has a column. */
  cells: Partial<Record<RaidField, string>>;
}

export interface RaidLog {
  sheet: string;
  items: RaidItem[];
}

const TYPES: Record<string, RaidType> = {
  risk: 'risk',
  risks: 'risk',
  assumption: 'assumption',
  assumptions: 'assumption',
  issue: 'issue',
  issues: 'issue',
  dependency: 'dependency',
  dependencies: 'dependency',
  action: 'action',
  actions: 'action',
  decision: 'decision',
  decisions: 'decision',
  r: 'risk',
  i: 'issue',
};

const CLOSED = new Set([
  'closed',
  'resolved',
  'complete',
  'completed',
  'done',
  'mitigated',
  'cancelled',
  'retired',
  'withdrawn',
  'superseded',
]);
const YES = new Set(['yes', 'y', 'true', 'escalate', 'escalated', 'board', 'x']);

/**
 * A rating as a status: a RAG word (`Amber/Red`), High / Medium / Low, or a score of likelihood
 * times impact on a 5 x 5 matrix (1-25): 15 and over Red, 10-14 Amber/Red, 5-9 Amber, 1-4 Green.
 */
export function readRating(text: string): RaidRating {
  const n = normaliseHeader(text);
  const score = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null;
  if (score !== null) {
    const status: RagStatus | null =
      score < 1 || score > 25
        ? null
        : score >= 15
          ? 'red'
          : score >= 10
            ? 'amber-red'
            : score >= 5
              ? 'amber'
              : 'green';
    return { text, status, score };
  }
  const words: Record<string, RagStatus> = {
    critical: 'red',
    veryhigh: 'red',
    high: 'red',
    mediumhigh: 'amber-red',
    medium: 'amber',
    med: 'amber',
    mediumlow: 'amber-green',
    low: 'green',
    verylow: 'green',
  };
  const word = words[n];
  if (word) return { text, status: word, score: null };
  const parse = parseRag(text);
  return { text, status: parse.kind === 'status' ? parse.status : null, score: null };
}

function headerOf(
  sheet: SheetData,
): { row: number; columns: Partial<Record<RaidField, number>> } | null {
  let best: { row: number; columns: Partial<Record<RaidField, number>>; score: number } | null =
    null;
  for (let row = 1; row <= Math.min(sheet.maxRow, HEADER_SEARCH_ROWS); row++) {
    const columns: Partial<Record<RaidField, number>> = {};
    const cells = sheet.cells[row] ?? [];
    for (let col = 1; col < cells.length; col++) {
      const value = cells[col]?.value ?? null;
      if (typeof value !== 'string') continue;
      const field = ALIAS_INDEX.get(normaliseHeader(value));
      if (field && columns[field] === undefined) columns[field] = col;
    }
    const score = Object.keys(columns).length;
    if (columns.description !== undefined || columns.id !== undefined)
      if (score >= 2 && (!best || score > best.score)) best = { row, columns, score };
  }
  return best && { row: best.row, columns: best.columns };
}

/** Reads the RAID log; a sheet whose header cannot be found is one warning and no items. */
export function readRaidLog(sheet: SheetData, findings: Finding[]): RaidLog {
  const header = headerOf(sheet);
  if (!header) {
    findings.push({
      severity: 'warning',
      rule: 'raid-header',
      sheet: sheet.name,
      cell: '',
      message: `No header row found in the first ${HEADER_SEARCH_ROWS} rows of the RAID log "${sheet.name}": expected titles such as Type, ID, Description, Workstream, Owner, Rating, Status. Its risks and issues are left out of the report.`,
    });
    return { sheet: sheet.name, items: [] };
  }
  const { columns } = header;
  const text = (row: number, field: RaidField) => {
    const col = columns[field];
    return col === undefined ? null : textOf(cellValue(sheet, row, col));
  };
  const items: RaidItem[] = [];
  for (const row of rowsWithCells(sheet, header.row + 1)) {
    const values = (Object.keys(columns) as RaidField[]).map((f) => text(row, f));
    if (values.every((v) => v === null)) continue;
    const typeText = text(row, 'type');
    const ratingText = text(row, 'rating');
    const status = text(row, 'status');
    const escalate = text(row, 'escalate');
    const cells: Partial<Record<RaidField, string>> = {};
    for (const [field, col] of Object.entries(columns) as [RaidField, number][])
      cells[field] = a1(row, col);
    const linkedCol = columns.linked;
    items.push({
      row,
      type: typeText === null ? null : (TYPES[normaliseHeader(typeText)] ?? null),
      typeText,
      id: text(row, 'id'),
      description: text(row, 'description'),
      workstream: text(row, 'workstream'),
      owner: text(row, 'owner'),
      rating: ratingText === null ? null : readRating(ratingText),
      open: status === null || !CLOSED.has(normaliseHeader(status)),
      escalate: escalate !== null && YES.has(normaliseHeader(escalate)),
      linkedTasks:
        linkedCol === undefined ? [] : splitDependencies(cellValue(sheet, row, linkedCol)),
      cells,
    });
  }
  return { sheet: sheet.name, items };
}

/** How an item is named in messages: `Risk R3` or `Row 7`. */
export function raidLabel(item: RaidItem): string {
  const type = item.type ? RAID_TYPE_LABEL[item.type] : 'Item';
  return item.id ? `${type} ${item.id}` : `${type} in row ${item.row}`;
}

/**
 * Checks the log against the plan: an unknown type or rating, a workstream the Workstreams sheet
 * (or the plan) does not have, a linked task ID no task has, an open item without an owner.
 */
export function checkRaidLog(log: RaidLog, plan: Plan): Finding[] {
  const findings: Finding[] = [];
  const known = new Set<string>();
  if (plan.workstreams?.length) for (const w of plan.workstreams) known.add(workstreamKey(w.name));
  else for (const t of plan.tasks) if (t.workstream) known.add(workstreamKey(t.workstream));
  const ids = new Set(plan.tasks.flatMap((t) => (t.id === null ? [] : [idKey(t.id)])));
  const at = (item: RaidItem, field: RaidField, rule: string, message: string) =>
    findings.push({
      severity: 'warning',
      rule,
      sheet: log.sheet,
      cell: item.cells[field] ?? a1(item.row, 1),
      message,
    });
  for (const item of log.items) {
    const label = raidLabel(item);
    if (item.typeText !== null && item.type === null)
      at(
        item,
        'type',
        'raid-type-unknown',
        `${label}: type "${item.typeText}" is not one of Risk, Assumption, Issue, Dependency, Action, Decision.`,
      );
    if (item.rating && item.rating.status === null)
      at(
        item,
        'rating',
        'raid-rating-unknown',
        `${label}: rating "${item.rating.text}" is not a RAG status, High/Medium/Low or a score from 1 to 25, so it is not ranked or rolled up.`,
      );
    if (item.workstream !== null && known.size > 0 && !known.has(workstreamKey(item.workstream)))
      at(
        item,
        'workstream',
        'raid-workstream-unknown',
        `${label}: workstream "${item.workstream}" is not on the ${plan.workstreams?.length ? 'Workstreams sheet' : 'plan'}. Correct the name, or add the workstream.`,
      );
    const unknown = item.linkedTasks.filter((id) => !ids.has(idKey(id)));
    if (unknown.length)
      at(
        item,
        'linked',
        'raid-task-unknown',
        `${label}: linked task${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the plan.`,
      );
    if (item.open && item.owner === null && item.type !== 'decision')
      at(
        item,
        'owner',
        'raid-owner-missing',
        `${label} is open and has no owner. Name who manages it.`,
      );
  }
  return findings;
}
