/**
 * A PowerPoint deck of a board document: one slide per page, every shape native (rectangles,
 * diamonds, lines, text boxes) so the PMO can edit it; shapes carry their full text as alt text
 * and each slide's notes list its tasks in full. No Node API here: the task pane builds the same
 * deck in the browser (loaded on demand); ./pptx.ts wraps it for the command line.
 */

import type { BoardDocument, Page, Shape } from '../../core/board/drawing.js';
import { textWidth } from '../../core/board/text.js';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const INCH = 72;
/** Widely installed, and narrower than the font the layout measures in, so labels still fit. */
const FONT = 'Arial';

/** Zips the deck's files (name -> bytes, in order); fflate's JavaScript deflate by default. */
export type DeckZipper = (files: ReadonlyArray<readonly [string, Uint8Array]>) => Uint8Array;

const zipInJavaScript: DeckZipper = (files) => zipSync(Object.fromEntries(files), { level: 6 });

export async function boardDeck(
  doc: BoardDocument,
  notes: (page: number) => string = () => '',
  /** The command line passes node:zlib's native deflate (seconds faster on 200 slides). */
  zip: DeckZipper = zipInJavaScript,
): Promise<Uint8Array> {
  // The package's types are CommonJS-shaped; Node loads its ES build, whose default is the class.
  const PptxGenJS = (await import('pptxgenjs')).default as unknown as PptxClass;
  const pptx = new PptxGenJS();
  const first = doc.pages[0];
  pptx.defineLayout({ name: 'BOARD', width: first.width / INCH, height: first.height / INCH });
  pptx.layout = 'BOARD';
  pptx.title = doc.title;
  pptx.subject = doc.description;
  pptx.author = 'plan-sync';
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  doc.pages.forEach((page, i) => {
    const slide = pptx.addSlide();
    addShapes(pptx, slide, page);
    const text = notes(i);
    if (text) slide.addNotes(text);
  });
  const out = await pptx.write({ outputType: 'uint8array' });
  return withAltText(out as Uint8Array, zip);
}

/**
 * pptxgenjs writes alt text for pictures only: give every shape named after its content (a bar,
 * a milestone) that name as its description too, which screen readers and the alt-text pane read.
 */
function withAltText(pptx: Uint8Array, zip: DeckZipper): Uint8Array {
  const files = unzipSync(pptx);
  for (const [name, bytes] of Object.entries(files)) {
    if (!/^ppt\/slides\/slide\d+\.xml$/.test(name)) continue;
    const xml = strFromU8(bytes).replace(
      /<p:cNvPr id="(\d+)" name="([^"]*)">/g,
      (whole, id: string, label: string) =>
        /^(Shape|Text) \d+$/.test(label)
          ? whole
          : `<p:cNvPr id="${id}" name="${label}" descr="${label}">`,
    );
    files[name] = strToU8(xml);
  }
  return zip(Object.entries(files));
}

/** The class, whether the types resolve CommonJS-shaped (Node) or as an ES module (the pane). */
type Unwrap<T> = T extends { default: infer D } ? Unwrap<D> : T;
type PptxClass = Unwrap<typeof import('pptxgenjs')>;
type Pptx = InstanceType<PptxClass>;
type Slide = ReturnType<Pptx['addSlide']>;

const inch = (pt: number) => Math.round((pt / INCH) * 10000) / 10000;

function addShapes(pptx: Pptx, slide: Slide, page: Page): void {
  for (const shape of page.shapes) {
    if (shape.role === 'background') continue;
    addShape(pptx, slide, shape);
  }
}

function addShape(pptx: Pptx, slide: Slide, shape: Shape): void {
  const alt = shape.kind === 'text' ? undefined : shape.title;
  switch (shape.kind) {
    case 'rect':
      slide.addShape(pptx.ShapeType.rect, {
        x: inch(shape.x),
        y: inch(shape.y),
        w: inch(shape.w),
        h: inch(shape.h),
        fill: shape.fill ? { color: shape.fill } : { type: 'none' },
        line: shape.stroke
          ? { color: shape.stroke, width: shape.strokeWidth ?? 1 }
          : { type: 'none' },
        ...(alt ? { objectName: alt } : {}),
      });
      break;
    case 'diamond':
      slide.addShape(pptx.ShapeType.diamond, {
        x: inch(shape.cx - shape.r),
        y: inch(shape.cy - shape.r),
        w: inch(2 * shape.r),
        h: inch(2 * shape.r),
        fill: { color: shape.fill },
        line: { color: shape.stroke, width: shape.strokeWidth },
        ...(alt ? { objectName: alt } : {}),
      });
      break;
    case 'line':
      slide.addShape(pptx.ShapeType.line, {
        x: inch(Math.min(shape.x1, shape.x2)),
        y: inch(Math.min(shape.y1, shape.y2)),
        w: inch(Math.abs(shape.x2 - shape.x1)),
        h: inch(Math.abs(shape.y2 - shape.y1)),
        line: {
          color: shape.stroke,
          width: shape.width,
          ...(shape.dash ? { dashType: 'dash' as const } : {}),
        },
      });
      break;
    case 'text': {
      const w = textWidth(shape.text, shape.size, shape.bold) * 1.05 + 4;
      const left =
        shape.anchor === 'start'
          ? shape.x
          : shape.anchor === 'middle'
            ? shape.x - w / 2
            : shape.x - w;
      slide.addText(shape.text, {
        x: inch(left),
        y: inch(shape.y - shape.size * 1.02),
        w: inch(w),
        h: inch(shape.size * 1.3),
        fontFace: FONT,
        fontSize: shape.size,
        bold: shape.bold ?? false,
        color: shape.color,
        align: shape.anchor === 'start' ? 'left' : shape.anchor === 'middle' ? 'center' : 'right',
        valign: 'middle',
        margin: 0,
        wrap: false,
      });
      break;
    }
  }
}
