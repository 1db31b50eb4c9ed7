import { describe, expect, it } from 'vitest';
import {
  NO_STATUS_BAR,
  RAG_COLOURS,
  RAG_DEFINITIONS,
  RAG_LABEL,
  RAG_STATUSES,
  REPORT_DATE_COLOUR,
  contrastRatio,
  parseRag,
  type RagStatus,
} from '../../core/rag.js';

describe('RAG_STATUSES / RAG_LABEL', () => {
  it('lists the statuses in scale order', () => {
    expect(RAG_STATUSES).toEqual([
      'red',
      'amber-red',
      'amber',
      'amber-green',
      'green',
      'complete',
      'not-started',
    ]);
  });

  it.each<[RagStatus, string]>([
    ['red', 'Red'],
    ['amber-red', 'Amber/Red'],
    ['amber', 'Amber'],
    ['amber-green', 'Amber/Green'],
    ['green', 'Green'],
    ['complete', 'Complete'],
    ['not-started', 'Not started'],
  ])('%s is labelled %s', (status, label) => {
    expect(RAG_LABEL[status]).toBe(label);
  });

  it('every label parses back to its status', () => {
    for (const status of RAG_STATUSES) {
      expect(parseRag(RAG_LABEL[status])).toEqual({ kind: 'status', status });
    }
  });
});

describe('parseRag', () => {
  it.each<[string, RagStatus]>([
    ['Red', 'red'],
    ['RED', 'red'],
    ['red', 'red'],
    ['R', 'red'],
    ['r', 'red'],
    ['  Red  ', 'red'],
    ['Red.', 'red'],
    ['Red!', 'red'],
    ['\tRed\n', 'red'],
    ['Amber', 'amber'],
    ['AMBER', 'amber'],
    ['A', 'amber'],
    ['Green', 'green'],
    ['G', 'green'],
    ['green;', 'green'],
    ['Amber/Red', 'amber-red'],
    ['AMBER/RED', 'amber-red'],
    ['Amber-Red', 'amber-red'],
    ['Amber Red', 'amber-red'],
    ['Amber / Red', 'amber-red'],
    ['Amber – Red', 'amber-red'],
    ['A/R', 'amber-red'],
    ['AR', 'amber-red'],
    ['ar', 'amber-red'],
    ['Red/Amber', 'amber-red'],
    ['R/A', 'amber-red'],
    ['Amber/Green', 'amber-green'],
    ['AMBER/GREEN', 'amber-green'],
    ['A/G', 'amber-green'],
    ['AG', 'amber-green'],
    ['Green/Amber', 'amber-green'],
    ['G/A', 'amber-green'],
    ['Amber-Green', 'amber-green'],
    ['Amber Green', 'amber-green'],
    ['Complete', 'complete'],
    ['COMPLETE', 'complete'],
    ['Completed', 'complete'],
    ['Blue', 'complete'],
    ['B', 'complete'],
    ['Done', 'complete'],
    ['Closed', 'complete'],
    ['Not started', 'not-started'],
    ['NOT STARTED', 'not-started'],
    ['Not-started', 'not-started'],
    ['Not yet started', 'not-started'],
    ['Grey', 'not-started'],
    ['Gray', 'not-started'],
    ['NS', 'not-started'],
  ])('%j -> %s', (text, status) => {
    expect(parseRag(text)).toEqual({ kind: 'status', status });
  });

  it.each([[''], [' '], ['\t\n'], ['\u00a0']])('%j is blank', (text) => {
    expect(parseRag(text)).toEqual({ kind: 'blank' });
  });

  it.each<[string, RagStatus[]]>([
    ['AMBER OLA / GREEN', ['amber', 'green']],
    ['Green (OLA) / Amber (Roadmap)', ['green', 'amber']],
    ['Red / Green', ['red', 'green']],
    ['Green/Red', ['green', 'red']],
    ['Red - Green', ['red', 'green']],
    ['OLA: Amber, Roadmap: Green', ['amber', 'green']],
    ['Green (OLA) / Green (Roadmap)', ['green', 'green']],
    ['Complete (phase 1) / Not started (phase 2)', ['complete', 'not-started']],
    ['Red (funding) / Amber (people) / Green (tech)', ['red', 'amber', 'green']],
  ])('%j is compound %j', (text, statuses) => {
    expect(parseRag(text)).toEqual({ kind: 'compound', statuses });
  });

  it.each([
    ['Purple'],
    ['On track'],
    ['TBC'],
    ['N/A'],
    ['?'],
    ['.'],
    ['-'],
    ['RAG'],
    ['Redacted'],
    ['Greenfield'],
    ['Delivered'],
    ['Amber-ish'],
    ['Red - escalated'], // one status with other words: not a bare status, not two parts
    ['Green (improving)'],
    ['Amber/Red (OLA)'], // one amber/red part, or amber and a red OLA? do not guess
    ['Amber / Green (OLA)'],
    ['Red/Amber/Green'],
    ['X'],
    ['C'],
  ])('%j is unknown', (text) => {
    expect(parseRag(text)).toEqual({ kind: 'unknown' });
  });
});

// Helpers for judging colours, independent of the module under test.
function rgb(hex: string): [number, number, number] {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function hsl(hex: string): { h: number; s: number; l: number } {
  const [r, g, b] = rgb(hex).map((c) => c / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h *= 60;
  return { h: h < 0 ? h + 360 : h, s, l };
}

/** Hue in degrees with reds just below 360 counted as small negatives, so red < orange < yellow. */
function warmHue(hex: string): number {
  const { h } = hsl(hex);
  return h > 300 ? h - 360 : h;
}

/** CIE L*a*b* (D65) for a perceptual distance. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 ΔE: about 2.3 is just noticeable; 15 or more is clearly different at a glance. */
function deltaE(a: string, b: string): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

function pairs<T>(items: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) out.push([items[i], items[j]]);
  return out;
}

describe('contrastRatio', () => {
  it.each<[string, string, number]>([
    ['000000', 'FFFFFF', 21],
    ['FFFFFF', '000000', 21],
    ['FFFFFF', 'FFFFFF', 1],
    ['#000000', '#FFFFFF', 21],
    ['767676', 'FFFFFF', 4.54], // the lightest grey that passes AA on white
    ['1D70B8', 'FFFFFF', 5.17],
    ['D4351C', 'FFFFFF', 4.86],
  ])('%s on %s is %d:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
  });

  it('is symmetric', () => {
    expect(contrastRatio('F5BFB5', '2A0B06')).toBe(contrastRatio('2A0B06', 'F5BFB5'));
  });
});

describe('RAG_COLOURS', () => {
  const hex = /^[0-9A-F]{6}$/;
  const fills = RAG_STATUSES.map((s) => RAG_COLOURS[s].fill);
  const bars = RAG_STATUSES.map((s) => RAG_COLOURS[s].bar);

  it.each(RAG_STATUSES)('%s colours are six upper-case hex digits', (status) => {
    const { fill, text, bar } = RAG_COLOURS[status];
    expect([fill, text, bar]).toEqual([
      expect.stringMatching(hex),
      expect.stringMatching(hex),
      expect.stringMatching(hex),
    ]);
  });

  it('NO_STATUS_BAR and REPORT_DATE_COLOUR are six upper-case hex digits', () => {
    expect(NO_STATUS_BAR).toMatch(hex);
    expect(REPORT_DATE_COLOUR).toMatch(hex);
  });

  it.each(RAG_STATUSES)('%s text on its fill meets WCAG AA (4.5:1)', (status) => {
    const { fill, text } = RAG_COLOURS[status];
    expect(contrastRatio(fill, text)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(RAG_STATUSES)('%s fill is a light tint (GOV.UK tag style)', (status) => {
    expect(hsl(RAG_COLOURS[status].fill).l).toBeGreaterThan(0.7);
  });

  it.each(pairs(RAG_STATUSES))('%s and %s fills are clearly different', (a, b) => {
    expect(deltaE(RAG_COLOURS[a].fill, RAG_COLOURS[b].fill)).toBeGreaterThanOrEqual(15);
  });

  it('the seven fills are distinct', () => {
    expect(new Set(fills).size).toBe(7);
  });

  it('the bars, NO_STATUS_BAR and REPORT_DATE_COLOUR are all distinct', () => {
    expect(new Set([...bars, NO_STATUS_BAR, REPORT_DATE_COLOUR]).size).toBe(9);
  });

  it.each(pairs([...bars, NO_STATUS_BAR, REPORT_DATE_COLOUR]))(
    'bar colours %s and %s are clearly different',
    (a, b) => {
      expect(deltaE(a, b)).toBeGreaterThanOrEqual(20);
    },
  );

  describe.each([
    ['fill', (s: RagStatus) => RAG_COLOURS[s].fill],
    ['bar', (s: RagStatus) => RAG_COLOURS[s].bar],
  ])('%s hues', (_kind, colour) => {
    it('red reads red', () => {
      const { h, s } = hsl(colour('red'));
      expect(s).toBeGreaterThan(0.3);
      expect(h < 15 || h > 345).toBe(true);
    });

    it('amber reads amber (orange-yellow)', () => {
      const { h, s } = hsl(colour('amber'));
      expect(s).toBeGreaterThan(0.3);
      expect(h).toBeGreaterThanOrEqual(35);
      expect(h).toBeLessThanOrEqual(60);
    });

    it('green reads green', () => {
      const { h, s } = hsl(colour('green'));
      expect(s).toBeGreaterThan(0.2);
      expect(h).toBeGreaterThanOrEqual(100);
      expect(h).toBeLessThanOrEqual(170);
    });

    it('complete reads blue', () => {
      const { h, s } = hsl(colour('complete'));
      expect(s).toBeGreaterThan(0.3);
      expect(h).toBeGreaterThanOrEqual(190);
      expect(h).toBeLessThanOrEqual(250);
    });

    it('not started reads grey', () => {
      expect(hsl(colour('not-started')).s).toBeLessThan(0.1);
    });

    it('amber/red sits between red and amber', () => {
      expect(warmHue(colour('amber-red'))).toBeGreaterThan(warmHue(colour('red')) + 5);
      expect(warmHue(colour('amber-red'))).toBeLessThan(warmHue(colour('amber')) - 5);
    });

    it('amber/green sits between amber and green', () => {
      expect(hsl(colour('amber-green')).h).toBeGreaterThan(hsl(colour('amber')).h + 5);
      expect(hsl(colour('amber-green')).h).toBeLessThan(hsl(colour('green')).h - 5);
    });
  });

  it('the report-date colour is not a status hue', () => {
    const { h, s } = hsl(REPORT_DATE_COLOUR);
    expect(s).toBeGreaterThan(0.3);
    for (const bar of bars) {
      if (hsl(bar).s > 0.1) expect(Math.abs(hsl(bar).h - h)).toBeGreaterThan(40);
    }
  });

  it('a task with no status is neutral and darker than Not started', () => {
    expect(hsl(NO_STATUS_BAR).s).toBeLessThan(0.15);
    expect(hsl(NO_STATUS_BAR).l).toBeLessThan(hsl(RAG_COLOURS['not-started'].bar).l - 0.2);
  });
});

describe('RAG_DEFINITIONS', () => {
  it.each<[RagStatus, string]>([
    [
      'red',
      'Not on track and at risk of missing the overall delivery date; serious issues, escalated to the Board.',
    ],
    ['amber', 'Largely on track; some issues being managed; closely monitored.'],
    ['green', 'On track; key milestones will be achieved within target dates; no issues.'],
    ['complete', 'Delivered and closed.'],
    ['not-started', 'Work has not begun yet.'],
  ])('%s', (status, text) => {
    expect(RAG_DEFINITIONS[status]).toBe(text);
  });

  it.each(RAG_STATUSES)('%s has a one-sentence definition', (status) => {
    expect(RAG_DEFINITIONS[status]).toMatch(/^[A-Z].{10,}\.$/);
  });

  it('the in-between points sit between their neighbours in wording', () => {
    expect(RAG_DEFINITIONS['amber-red']).toMatch(/risk/i);
    expect(RAG_DEFINITIONS['amber-green']).toMatch(/on track/i);
    expect(new Set(Object.values(RAG_DEFINITIONS)).size).toBe(7);
  });
});
