/**
 * A PDF of a board document: one page per page, vector shapes, real (searchable) text in the
 * embedded DejaVu Sans, with a title, a language and tags (text as paragraphs, shapes as figures
 * with their description, decoration as artifacts) for screen readers.
 */

import type { BoardDocument, Shape } from '../../core/board/drawing.js';
import { boardFonts } from './fonts.js';

export async function boardPdf(doc: BoardDocument): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const fonts = boardFonts();
  const first = doc.pages[0];
  const pdf = new PDFDocument({
    size: [first.width, first.height],
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: doc.lang,
    displayTitle: true,
    info: { Title: doc.title, Subject: doc.description, Creator: 'plan-sync' },
  });
  pdf.registerFont('Regular', fonts.regular);
  pdf.registerFont('Bold', fonts.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });

  const state: TextState = { font: '', size: 0, color: '' };
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  for (const page of doc.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    // A new page starts with pdfkit's defaults again.
    state.font = '';
    state.size = 0;
    state.color = '';
    const section = pdf.struct('Sect');
    root.add(section);
    // Decoration in runs, each one marked-content artifact: far fewer markers than one a shape.
    let inArtifact = false;
    for (const shape of page.shapes) {
      const tagged = shape.kind === 'text' || shape.title;
      if (inArtifact && tagged) {
        pdf.endMarkedContent();
        inArtifact = false;
      }
      if (shape.kind === 'text') {
        section.add(pdf.struct('P', {}, () => drawText(pdf, shape, state)));
      } else if (shape.title) {
        section.add(pdf.struct('Figure', { alt: shape.title }, () => drawShape(pdf, shape, state)));
      } else {
        if (!inArtifact) pdf.markContent('Artifact');
        inArtifact = true;
        drawShape(pdf, shape, state);
      }
    }
    if (inArtifact) pdf.endMarkedContent();
    section.end();
  }
  root.end();
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

type Pdf = PDFKit.PDFDocument;

/** What pdfkit was last told, so a page of labels does not repeat it for each one. */
interface TextState {
  font: string;
  size: number;
  color: string;
}

function drawText(pdf: Pdf, shape: Extract<Shape, { kind: 'text' }>, state: TextState): void {
  const font = shape.bold ? 'Bold' : 'Regular';
  if (state.font !== font) pdf.font((state.font = font));
  if (state.size !== shape.size) pdf.fontSize((state.size = shape.size));
  // Shapes are filled with their own colour: the text colour is set every time after one.
  if (state.color !== shape.color) pdf.fillColor(`#${(state.color = shape.color)}`);
  const width = pdf.widthOfString(shape.text);
  const x =
    shape.anchor === 'start'
      ? shape.x
      : shape.anchor === 'middle'
        ? shape.x - width / 2
        : shape.x - width;
  // pdfkit places text by its top: move up from the baseline by the font's ascent.
  pdf.text(shape.text, x, shape.y, { lineBreak: false, baseline: 'alphabetic' });
}

function drawShape(pdf: Pdf, shape: Shape, state: TextState): void {
  if (shape.kind !== 'text') state.color = '';
  switch (shape.kind) {
    case 'rect': {
      pdf.rect(shape.x, shape.y, shape.w, shape.h);
      if (shape.fill && shape.stroke)
        pdf.lineWidth(shape.strokeWidth ?? 1).fillAndStroke(`#${shape.fill}`, `#${shape.stroke}`);
      else if (shape.fill) pdf.fill(`#${shape.fill}`);
      else if (shape.stroke) pdf.lineWidth(shape.strokeWidth ?? 1).stroke(`#${shape.stroke}`);
      if (shape.hatch) {
        pdf.save();
        pdf.rect(shape.x, shape.y, shape.w, shape.h).clip();
        for (let x = shape.x - shape.h; x < shape.x + shape.w; x += 6)
          pdf.moveTo(x, shape.y + shape.h).lineTo(x + shape.h, shape.y);
        pdf.lineWidth(1).stroke(`#${shape.hatch}`);
        pdf.restore();
      }
      break;
    }
    case 'diamond': {
      const { cx, cy, r } = shape;
      pdf.polygon([cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]);
      pdf.lineWidth(shape.strokeWidth).fillAndStroke(`#${shape.fill}`, `#${shape.stroke}`);
      break;
    }
    case 'line':
      pdf.moveTo(shape.x1, shape.y1).lineTo(shape.x2, shape.y2);
      if (shape.dash) pdf.dash(4, { space: 3 });
      pdf.lineWidth(shape.width).stroke(`#${shape.stroke}`);
      if (shape.dash) pdf.undash();
      break;
    case 'text':
      drawText(pdf, shape, state);
      break;
  }
}
