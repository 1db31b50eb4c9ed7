/**
 * A board picture as plain data: a document of pages, each a list of positioned shapes in points
 * (1/72 inch) from the page's top-left corner. The layout engine (./layout.ts) makes one; thin
 * writers turn it into SVG (./svg.ts), PDF, PNG and PowerPoint (sync/export/). Any other picture
 * (a highlight report's board pack, say) can be drawn the same way: build pages of these shapes
 * and hand them to the same writers.
 */

/** Six hex digits, upper case, no '#'. */
export type Colour = string;

/** What a shape shows, so writers and checks can find bars, milestones and labels. */
export type ShapeRole =
  | 'background'
  | 'lane'
  | 'grid'
  | 'axis'
  | 'bar'
  | 'baseline'
  | 'milestone'
  | 'report-date'
  | 'not-drawn'
  | 'legend'
  | 'label'
  | 'title';

/** Attributes carried to the SVG as `data-*` (ISO dates, task IDs). */
export type ShapeData = Record<string, string>;

interface ShapeBase {
  role: ShapeRole;
  data?: ShapeData;
  /** Full text for screen readers and tooltips: SVG `<title>`, PowerPoint alt text. */
  title?: string;
}

export interface RectShape extends ShapeBase {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: Colour | null;
  stroke: Colour | null;
  strokeWidth?: number;
  /** A diagonal hatch over the fill (rows that could not be drawn). */
  hatch?: Colour;
}

export interface DiamondShape extends ShapeBase {
  kind: 'diamond';
  cx: number;
  cy: number;
  /** Half the diagonal. */
  r: number;
  fill: Colour;
  stroke: Colour;
  strokeWidth: number;
}

export interface LineShape extends ShapeBase {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: Colour;
  width: number;
  dash?: boolean;
}

export interface TextShape extends ShapeBase {
  kind: 'text';
  /** Anchor point: `y` is the baseline. */
  x: number;
  y: number;
  text: string;
  /** Points; never below MIN_FONT_SIZE. */
  size: number;
  bold?: boolean;
  color: Colour;
  anchor: 'start' | 'middle' | 'end';
  /** The text before it was shortened to fit (ends with `…` when shortened). */
  full?: string;
}

export type Shape = RectShape | DiamondShape | LineShape | TextShape;

export interface Page {
  width: number;
  height: number;
  shapes: Shape[];
}

export interface BoardDocument {
  /** Document title (PDF title, SVG `<title>`, slide deck title). */
  title: string;
  /** A sentence or two describing the picture (SVG `<desc>`, PDF subject). */
  description: string;
  /** BCP 47 language of the text. */
  lang: string;
  pages: Page[];
}

/** No text in a board picture is smaller than this (points). */
export const MIN_FONT_SIZE = 9;

/** Page sizes in points, landscape. */
export const PAGE_SIZES = {
  '16:9': { width: 960, height: 540 },
  a4: { width: 841.89, height: 595.28 },
  a3: { width: 1190.55, height: 841.89 },
} as const;

export type PageSize = keyof typeof PAGE_SIZES;

/** The page sizes an option may name, in the order the help lists them. */
export const PAGE_SIZE_NAMES = Object.keys(PAGE_SIZES) as PageSize[];
