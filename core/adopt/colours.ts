/**
 * Colours of a painted Gantt: which fills count as paint, when two fills are the same colour,
 * and which fills are RAG statuses.
 */
import { RAG_COLOURS, RAG_LABEL, type RagStatus } from '../rag.js';

const labCache = new Map<string, [number, number, number]>();

/** CIELAB of an `RRGGBB` colour (D65 white). */
export function labOf(rgb: string): [number, number, number] {
  let lab = labCache.get(rgb);
  if (!lab) {
    lab = labUncached(rgb);
    // A painted sheet uses a handful of colours; the cache stays small.
    if (labCache.size < 10_000) labCache.set(rgb, lab);
  }
  return lab;
}

function labUncached(rgb: string): [number, number, number] {
  const lin = (i: number) => {
    const c = parseInt(rgb.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [lin(0), lin(2), lin(4)];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 colour difference: about 2.3 is just noticeable, above 10 two colours look different. */
export function colourDistance(a: string, b: string): number {
  const [l1, a1, b1] = labOf(a);
  const [l2, a2, b2] = labOf(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** Two fills closer than this are the same paint (Excel and LibreOffice round tints differently). */
export const SAME_PAINT = 6;
/** A fill this close to a RAG reference colour is proposed as that status. */
export const RAG_TOLERANCE = 12;

/** White and near-white fills are background, not paint. */
export function isPaint(rgb: string | null | undefined): rgb is string {
  if (!rgb) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(rgb.slice(i, i + 2), 16));
  return !(r >= 0xf5 && g >= 0xf5 && b >= 0xf5);
}

/**
 * The colours programme offices paint RAG statuses in: our own palette (fills and bars), Excel's
 * standard colours and its Good/Neutral/Bad styles, and the usual light tints.
 */
export const RAG_REFERENCES: readonly { status: RagStatus; rgb: string; name: string }[] = [
  ...(Object.keys(RAG_COLOURS) as RagStatus[]).flatMap((status) => [
    { status, rgb: RAG_COLOURS[status].fill, name: `plan-sync ${RAG_LABEL[status]} fill` },
    { status, rgb: RAG_COLOURS[status].bar, name: `plan-sync ${RAG_LABEL[status]} bar` },
  ]),
  { status: 'red', rgb: 'FF0000', name: 'Excel Red' },
  { status: 'red', rgb: 'C00000', name: 'Excel Dark Red' },
  { status: 'red', rgb: 'FFC7CE', name: 'Excel Bad' },
  { status: 'red', rgb: 'FF7C80', name: 'light red' },
  { status: 'red', rgb: 'E6B8B7', name: 'light red' },
  { status: 'amber', rgb: 'FFC000', name: 'Excel Orange (amber)' },
  { status: 'amber', rgb: 'FFBF00', name: 'amber' },
  { status: 'amber', rgb: 'FFEB9C', name: 'Excel Neutral' },
  { status: 'amber', rgb: 'FFFF00', name: 'Excel Yellow' },
  { status: 'amber', rgb: 'FFD966', name: 'light amber' },
  { status: 'amber', rgb: 'FFA500', name: 'orange' },
  { status: 'green', rgb: '00B050', name: 'Excel Green' },
  { status: 'green', rgb: '92D050', name: 'Excel Light Green' },
  { status: 'green', rgb: 'C6EFCE', name: 'Excel Good' },
  { status: 'green', rgb: '00FF00', name: 'bright green' },
  { status: 'green', rgb: 'C6E0B4', name: 'light green' },
  { status: 'complete', rgb: '0070C0', name: 'Excel Blue' },
  { status: 'complete', rgb: '00B0F0', name: 'Excel Light Blue' },
  { status: 'not-started', rgb: 'BFBFBF', name: 'grey' },
  { status: 'not-started', rgb: 'D9D9D9', name: 'light grey' },
  { status: 'not-started', rgb: 'A6A6A6', name: 'grey' },
];

export interface RagMatch {
  status: RagStatus;
  /** The reference colour matched and its name. */
  reference: string;
  name: string;
  distance: number;
}

/** The RAG status a fill shows: the nearest reference colour within RAG_TOLERANCE; else null. */
export function ragOfColour(rgb: string): RagMatch | null {
  let best: RagMatch | null = null;
  for (const ref of RAG_REFERENCES) {
    const distance = colourDistance(rgb, ref.rgb);
    if (distance <= RAG_TOLERANCE && (!best || distance < best.distance))
      best = { status: ref.status, reference: ref.rgb, name: ref.name, distance };
  }
  return best;
}

/** A colour for people: `#00B050`. */
export function colourName(rgb: string): string {
  return `#${rgb}`;
}
