/**
 * Text widths for fitting labels, from the advance widths of DejaVu Sans (the font the writers
 * embed or name first), in thousandths of an em for the printable ASCII characters. Other
 * characters count as a full-width 1,000: shortening too much is safe, overflowing is not.
 */

const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
  636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
  575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
  611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
  278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
  696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
  683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
  724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
  343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/** Width in points of `text` set at `size` points. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code < 127 ? table[code - 32] : 1000;
  }
  return (units * size) / 1000;
}

/** `text` shortened with an ellipsis to fit `width` points (empty when not even `…` fits). */
export function fitText(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with the ellipsis.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(chars.slice(0, mid).join('').trimEnd() + '…', size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return textWidth('…', size, bold) <= width ? '…' : '';
  return chars.slice(0, lo).join('').trimEnd() + '…';
}

/** Words of `text` in at most `maxLines` lines of `width` points; the last one shortened if need be. */
export function wrapText(
  text: string,
  width: number,
  size: number,
  maxLines: number,
  bold = false,
): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i];
    if (textWidth(next, size, bold) <= width || !line) {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) {
      line = words.slice(i - line.split(' ').length, words.length).join(' ');
      break;
    }
    lines.push(line);
    line = words[i];
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) lines.length = maxLines;
  return lines.map((l, i) =>
    i === lines.length - 1 || textWidth(l, size, bold) > width ? fitText(l, width, size, bold) : l,
  );
}
