import type { BoardDocument } from './drawing.js';

/** A slide's notes: its tasks in full (names shortened on the slide are whole here). */
export function slideNotes(doc: BoardDocument, page: number): string {
  return doc.pages[page].shapes
    .filter((s) => s.kind !== 'text' && s.title && s.role !== 'baseline')
    .map((s) => (s.kind === 'text' ? '' : s.title!))
    .join('\n');
}
