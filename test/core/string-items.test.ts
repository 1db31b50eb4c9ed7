/**
 * The text of a string item (an inline string's <is>, a shared string's <si>): a plain single
 * <t> is read in place, anything else element by element; both give the text Excel shows.
 */
import { describe, expect, it } from 'vitest';
import { readSharedStrings, stringItemText } from '../../core/xlsx/shared-strings.js';

describe('stringItemText', () => {
  it.each([
    // One plain <t>, read in place.
    ['<t>Task 1</t>', 'Task 1'],
    ['<t xml:space="preserve">  two  </t>', '  two  '],
    ['<t>Risks &amp; issues &lt;draft&gt;</t>', 'Risks & issues <draft>'],
    ['<t>line_x000D_break</t>', 'line\rbreak'],
    ['<t></t>', ''],
    ["<t a='>'>quoted</t>", 'quoted'],
    // Rich text: every run's <t>, joined.
    ['<r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r>', 'ab'],
    // Phonetic runs hold <t> elements of their own, which are not the text.
    ['<t>kanji</t><rPh sb="0" eb="1"><t>kana</t></rPh>', 'kanji'],
    // Not a plain <t>: the general way, as before.
    ['<t/>', ''],
    ['<tt>no</tt>', ''],
    ['<t>a</t >', 'a'],
    [' <t>spaced</t> ', 'spaced'],
    ['<x:t xmlns:x="u">prefixed</x:t>', 'prefixed'],
    // A U+3000 after the name: the element search's own reading, not the plain one.
    ['<t\u3000>odd</t>', ''],
  ])('reads %j as %j', (inner, text) => {
    expect(stringItemText(inner)).toBe(text);
  });

  it('gives the shared strings part the same text for the same items', () => {
    const items = [
      '<t>Task 1</t>',
      '<t xml:space="preserve"> a </t>',
      '<r><t>a</t></r><r><t>b</t></r>',
    ];
    const part = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${items.map((i) => `<si>${i}</si>`).join('')}</sst>`;
    expect(readSharedStrings(part)).toEqual(items.map(stringItemText));
  });
});
