import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../core/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['json', 'json', 0],
    ['jsn', 'json', 1],
    ['sycn', 'sync', 1],
    ['synk', 'sync', 1],
    ['sheets', 'sheet', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['ab', 'ba', 1],
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggest', () => {
  const options = ['json', 'all', 'sheet', 'report-date', 'output', 'dry-run', 'no-backup'];
  const loose = (w: string) => w.toLowerCase().replace(/[^a-z0-9]/g, '');

  it('finds the option one typo away', () => {
    expect(suggest('jsn', options)).toBe('json');
    expect(suggest('JSON', options)).toBe('json');
    expect(suggest('sheets', options)).toBe('sheet');
    expect(suggest('reprot-date', options)).toBe('report-date');
  });

  it('matches spellings that differ only in punctuation when the key ignores it', () => {
    expect(suggest('dryrun', options, loose)).toBe('dry-run');
    expect(suggest('report_date', options, loose)).toBe('report-date');
  });

  it('takes the only word a prefix starts', () => {
    expect(suggest('out', options)).toBe('output');
    expect(suggest('no-b', options)).toBe('no-backup');
  });

  it('suggests nothing when no word is close', () => {
    expect(suggest('frobnicate', options)).toBeUndefined();
    expect(suggest('x', options)).toBeUndefined();
    expect(suggest('', options)).toBeUndefined();
    // Two edits in a six-letter word is another word, not a typo.
    expect(suggest('Starts', ['Ref', 'From', 'Status'])).toBeUndefined();
    // A prefix of two words is not a suggestion.
    expect(suggest('re', ['report-date', 'rag'])).toBeUndefined();
  });

  it('prefers the closest word, then the one listed first', () => {
    expect(suggest('sink', ['sync', 'link', 'sin'])).toBe('link');
    expect(suggest('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('allows more edits in longer words, one at least', () => {
    expect(suggest('Baselne strat', ['Baseline start', 'Baseline end'], loose)).toBe(
      'Baseline start',
    );
    expect(suggest('ed', ['end', 'id'])).toBe('end');
    expect(suggest('abcd', ['wxyz'])).toBeUndefined();
  });
});
