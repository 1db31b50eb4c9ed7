/**
 * RAG statuses on the UK Infrastructure and Projects Authority five-point scale, plus
 * Complete and Not started: reading what people type, and the colours to show them in.
 */

import { pushAll } from './arrays.js';

export type RagStatus =
  'red' | 'amber-red' | 'amber' | 'amber-green' | 'green' | 'complete' | 'not-started';

export const RAG_STATUSES: readonly RagStatus[] = [
  'red',
  'amber-red',
  'amber',
  'amber-green',
  'green',
  'complete',
  'not-started',
];

export const RAG_LABEL: Record<RagStatus, string> = {
  red: 'Red',
  'amber-red': 'Amber/Red',
  amber: 'Amber',
  'amber-green': 'Amber/Green',
  green: 'Green',
  complete: 'Complete',
  'not-started': 'Not started',
};

export type RagParse =
  | { kind: 'blank' }
  | { kind: 'status'; status: RagStatus }
  /** Several sub-parts with their own statuses, e.g. `AMBER OLA / GREEN`, in the order written. */
  | { kind: 'compound'; statuses: RagStatus[] }
  | { kind: 'unknown' };

// Keys are lower case with every run of separators turned into one space.
const EXACT: ReadonlyMap<string, RagStatus> = new Map<string, RagStatus>([
  ['red', 'red'],
  ['r', 'red'],
  ['amber', 'amber'],
  ['a', 'amber'],
  ['green', 'green'],
  ['g', 'green'],
  ['amber red', 'amber-red'],
  ['red amber', 'amber-red'],
  ['a r', 'amber-red'],
  ['r a', 'amber-red'],
  ['ar', 'amber-red'],
  ['ra', 'amber-red'],
  ['amber green', 'amber-green'],
  ['green amber', 'amber-green'],
  ['a g', 'amber-green'],
  ['g a', 'amber-green'],
  ['ag', 'amber-green'],
  ['ga', 'amber-green'],
  ['complete', 'complete'],
  ['completed', 'complete'],
  ['blue', 'complete'],
  ['b', 'complete'],
  ['done', 'complete'],
  ['closed', 'complete'],
  ['not started', 'not-started'],
  ['not yet started', 'not-started'],
  ['grey', 'not-started'],
  ['gray', 'not-started'],
  ['ns', 'not-started'],
]);

// Only whole words inside longer text: single letters there are too easily something else.
const STATUS_WORD =
  /\b(not yet started|not started|red|amber|green|completed|complete|blue|done|closed|grey|gray)\b/g;
const SEPARATORS_ONLY = /^[\s/\\|&+,;:–—-]*$/;

function isFivePointPair(a: RagStatus, b: RagStatus): boolean {
  return a === 'amber'
    ? b === 'red' || b === 'green'
    : b === 'amber' && (a === 'red' || a === 'green');
}

/**
 * Reads a RAG cell. Case, surrounding spaces and trailing punctuation are ignored.
 * A cell naming statuses for several sub-parts is `compound`, never collapsed into one.
 */
export function parseRag(text: string): RagParse {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'blank' };
  // Punctuation alone (`?`, `-`) is someone saying something, so it is unknown, not blank.
  const lower = trimmed
    .toLowerCase()
    .replace(/[.,;:!?]+$/, '')
    .trim();
  if (lower === '') return { kind: 'unknown' };

  const key = lower.replace(/[\s/\\|&+_–—-]+/g, ' ').trim();
  const exact = EXACT.get(key);
  if (exact) return { kind: 'status', status: exact };

  // Group status words that only separators divide. `Red / Green` is two unlabelled
  // sub-parts; `Amber/Red (OLA)` could be one amber/red part or two parts, so no guess.
  const runs: RagStatus[][] = [];
  let previousEnd = -1;
  for (const match of lower.matchAll(STATUS_WORD)) {
    const status = EXACT.get(match[1].replace(/\s+/g, ' '));
    if (!status) continue;
    const index = match.index ?? 0;
    const adjacent = previousEnd >= 0 && SEPARATORS_ONLY.test(lower.slice(previousEnd, index));
    if (adjacent) runs[runs.length - 1].push(status);
    else runs.push([status]);
    previousEnd = index + match[0].length;
  }

  const statuses: RagStatus[] = [];
  for (const run of runs) {
    if (run.length > 2 || (run.length === 2 && isFivePointPair(run[0], run[1]))) {
      return { kind: 'unknown' };
    }
    pushAll(statuses, run);
  }
  return statuses.length >= 2 ? { kind: 'compound', statuses } : { kind: 'unknown' };
}

/** Six hex digits, upper case, no '#'. */
export interface RagColours {
  /** Cell background: a light tint of the status colour (GOV.UK tag style). */
  fill: string;
  /** Text on `fill`: at least 4.5:1 contrast (WCAG AA). */
  text: string;
  /** Gantt bar: the strong status colour. */
  bar: string;
}

// Tints start from the GOV.UK tag palette, pushed apart where two neighbouring
// statuses (red and amber/red, amber and amber/green) were too alike to tell at a glance.
export const RAG_COLOURS: Record<RagStatus, RagColours> = {
  red: { fill: 'F5BFB5', text: '2A0B06', bar: 'D4351C' },
  'amber-red': { fill: 'FDD5A5', text: '5C2A00', bar: 'F47738' },
  amber: { fill: 'FFF2A8', text: '4D4200', bar: 'FFDD00' },
  'amber-green': { fill: 'D6E9AC', text: '334000', bar: '85994B' },
  green: { fill: 'BFE0CC', text: '005A30', bar: '00703C' },
  complete: { fill: 'B8D3F0', text: '0C2D4A', bar: '1D70B8' },
  'not-started': { fill: 'E5E6E7', text: '282D30', bar: 'B1B4B6' },
};

/** Bar for a task with no status: neutral dark grey, darker than Not started. */
export const NO_STATUS_BAR = '505A5F';

/** Marks the report-date column: purple, a hue no status uses. */
export const REPORT_DATE_COLOUR = '4C2C92';

function relativeLuminance(hex: string): number {
  const channel = (offset: number): number => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG 2.x contrast ratio between two colours given as six hex digits (a '#' is allowed). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a.replace(/^#/, ''));
  const lb = relativeLuminance(b.replace(/^#/, ''));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const RAG_DEFINITIONS: Record<RagStatus, string> = {
  red: 'Not on track and at risk of missing the overall delivery date; serious issues, escalated to the Board.',
  'amber-red':
    'At risk; major issues in a number of key areas need urgent action to bring delivery back on track.',
  amber: 'Largely on track; some issues being managed; closely monitored.',
  'amber-green':
    'On track overall; minor risks need constant attention so they do not become issues.',
  green: 'On track; key milestones will be achieved within target dates; no issues.',
  complete: 'Delivered and closed.',
  'not-started': 'Work has not begun yet.',
};

/** Mixes `hex` with black until it stands out 3:1 against the background (WCAG 1.4.11). */
export function outlineFor(hex: string): string {
  let out = outlines.get(hex);
  if (out === undefined) outlines.set(hex, (out = darkenFor3To1(hex)));
  return out;
}

const outlines = new Map<string, string>();

function darkenFor3To1(hex: string): string {
  let [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let out = hex;
  for (let i = 0; i < 20 && contrastRatio(out, 'FFFFFF') < 3.2; i++) {
    [r, g, b] = [r, g, b].map((c) => Math.round(c * 0.85));
    out = [r, g, b]
      .map((c) => c.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
  }
  return out;
}
