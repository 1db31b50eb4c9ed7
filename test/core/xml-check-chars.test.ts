import { describe, expect, it } from 'vitest';
import { badCharIndex, xmlProblem } from '../../core/xlsx/xml-check.js';

// What the check searched with before it searched by code unit: the Unicode definition of a
// character XML 1.0 does not allow, lone surrogates included. The search by code unit must find
// exactly the same first character in every text.
// eslint-disable-next-line no-control-regex -- exactly the characters XML cannot hold
const UNICODE_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/u;

function reference(text: string): number {
  const m = UNICODE_BAD.exec(text);
  return m ? m.index : -1;
}

const HIGH = '\uD83D';
const LOW = '\uDE00';

describe('characters XML does not allow', () => {
  it('finds the same first character as the Unicode search, for every code unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      for (const text of [ch, `ab${ch}`, `£${ch}x`, `${ch}${LOW}`, `${HIGH}${ch}`, `é${ch}${ch}`]) {
        expect(badCharIndex(text), `U+${code.toString(16)} in ${JSON.stringify(text)}`).toBe(
          reference(text),
        );
      }
    }
  });

  it('takes a surrogate pair as one allowed character, and a lone half as not allowed', () => {
    const cases: [string, number][] = [
      [`${HIGH}${LOW}`, -1],
      [`a${HIGH}${LOW}${HIGH}${LOW}b`, -1],
      [`${HIGH}`, 0],
      [`${LOW}`, 0],
      [`${LOW}${HIGH}`, 0],
      [`${HIGH}${HIGH}${LOW}`, 0],
      [`${HIGH}${LOW}${LOW}`, 2],
      [`x${HIGH}${LOW}${HIGH}`, 3],
      [`${HIGH}${LOW}\u0001`, 2],
      [`é\uFFFE`, 1],
    ];
    for (const [text, at] of cases) {
      expect(badCharIndex(text), JSON.stringify(text)).toBe(at);
      expect(badCharIndex(text)).toBe(reference(text));
    }
  });

  it('agrees with the Unicode search on random text of mixed characters', () => {
    let seed = 20201113;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pool = ['a', '<', '£', '◆', HIGH, LOW, '\u0001', '\t', '\uFFFD', '\uFFFE', 'é'];
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) {
        // Mostly allowed characters, so a bad one often comes late or not at all.
        text +=
          random() < 0.7
            ? pool[Math.floor(random() * 4)]
            : pool[Math.floor(random() * pool.length)];
      }
      expect(badCharIndex(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('words the problem with the character and where it is', () => {
    expect(xmlProblem(`<a>£ ${HIGH}${LOW} ok</a>`)).toBeNull();
    expect(xmlProblem(`<a>£ ${LOW}</a>`)).toBe(
      'a character XML does not allow (U+DE00) at position 5',
    );
    expect(xmlProblem('<a>\u0007</a>')).toBe(
      'a character XML does not allow (U+0007) at position 3',
    );
    // The search starts afresh on every call, whatever the last one found.
    expect(xmlProblem('<a>\u0007</a>')).toBe(
      'a character XML does not allow (U+0007) at position 3',
    );
    expect(xmlProblem('<a>fine</a>')).toBeNull();
  });
});
