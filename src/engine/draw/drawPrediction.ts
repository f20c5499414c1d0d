// A prediction drawn over its image, as a JPEG: boxes with their class and score, a segmentation mask
// blended in the class colours, or a classification banner. `train-studio predict --draw` and the evaluation
// report's gallery of worst predictions both show these.
import sharp from 'sharp';
import type { Box, GroundTruth, Prediction } from '../../metrics/predictions';
import { classTitle, topClass, UNSCORED_PIXEL } from '../../metrics/predictions';

export interface DrawnClass {
  readonly name: string;
  /** #RRGGBB */
  readonly color: string;
}

export interface DrawRequest {
  readonly imagePath: string;
  readonly prediction: Prediction;
  /** Class index i is classes[i] (segmentation: mask value i + 1). */
  readonly classes: readonly DrawnClass[];
  /** Also drawn when given: dashed boxes, or the true class in the banner. */
  readonly truth?: GroundTruth;
  /** The result's longest side in pixels; larger images are scaled down to it, smaller ones kept. */
  readonly maxSide?: number;
  /** Detection: boxes scoring below this are not drawn. */
  readonly scoreThreshold?: number;
}

const MASK_OPACITY = 0.5;
const JPEG_QUALITY = 85;
const FALLBACK_COLOR = '#ff00ff';
const TRUTH_COLOR = '#ffffff';

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (character) => `&#${String(character.charCodeAt(0))};`);

function rgbOf(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1] ?? FALLBACK_COLOR.slice(1);
  const value = parseInt(hex, 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Past the class list, the name every output gives an unlisted class. */
const classOf = (classes: readonly DrawnClass[], index: number): DrawnClass =>
  classes[index] ?? { name: classTitle([], index), color: FALLBACK_COLOR };

/** A text label on a filled background, its top-left at (x, y). */
function label(text: string, x: number, y: number, fill: string, fontSize: number): string {
  const width = Math.ceil(text.length * fontSize * 0.6) + 6;
  const height = fontSize + 6;
  return (
    `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${String(width)}" height="${String(height)}" fill="${fill}"/>` +
    `<text x="${(x + 3).toFixed(1)}" y="${(y + fontSize + 1).toFixed(1)}" font-family="sans-serif" font-size="${String(fontSize)}" fill="#000">${escapeXml(text)}</text>`
  );
}

/** A box's outline, scaled to the drawn image; `stroke` adds the stroke's attributes. */
function boxOutline(box: Box, scale: number, stroke: string): string {
  return `<rect x="${(box.x1 * scale).toFixed(1)}" y="${(box.y1 * scale).toFixed(1)}" width="${((box.x2 - box.x1) * scale).toFixed(1)}" height="${((box.y2 - box.y1) * scale).toFixed(1)}" fill="none" ${stroke}/>`;
}

function detectionSvg(request: DrawRequest, scale: number, fontSize: number): string {
  const parts: string[] = [];
  if (request.truth?.task === 'object detection') {
    for (const box of request.truth.boxes) {
      parts.push(boxOutline(box, scale, `stroke="${TRUTH_COLOR}" stroke-width="1.5" stroke-dasharray="4 3"`));
    }
  }
  if (request.prediction.task !== 'object detection') return parts.join('');
  const threshold = request.scoreThreshold ?? 0;
  for (const box of request.prediction.boxes) {
    if (box.score < threshold) continue;
    const { name, color } = classOf(request.classes, box.classIndex);
    const y = box.y1 * scale;
    parts.push(
      boxOutline(box, scale, `stroke="${color}" stroke-width="2"`),
      label(
        `${name} ${box.score.toFixed(2)}`,
        box.x1 * scale,
        Math.max(0, y - fontSize - 6),
        color,
        fontSize,
      ),
    );
  }
  return parts.join('');
}

function classificationSvg(request: DrawRequest, fontSize: number): string {
  if (request.prediction.task !== 'classification') return '';
  const scores = request.prediction.scores;
  const best = topClass(scores);
  const predicted = classOf(request.classes, best.index);
  const lines = [label(`${predicted.name} ${best.score.toFixed(2)}`, 0, 0, predicted.color, fontSize)];
  if (request.truth?.task === 'classification') {
    const truth = classOf(request.classes, request.truth.classIndex);
    lines.push(label(`truth: ${truth.name}`, 0, fontSize + 8, TRUTH_COLOR, fontSize));
  }
  return lines.join('');
}

/**
 * The mask as an RGBA overlay at the mask's own size: class colours, background and unscored clear. One
 * lookup per pixel through a table of RGBA words (the table's bytes are RGBA in memory order, so copying
 * words keeps them so whatever the platform's endianness): masks are as large as photos.
 */
function maskOverlay(request: DrawRequest): { data: Buffer; width: number; height: number } | undefined {
  const { prediction } = request;
  if (prediction.task !== 'semantic segmentation') return undefined;
  const alpha = Math.round(255 * MASK_OPACITY);
  const tableBytes = new Uint8Array(256 * 4);
  for (let value = 1; value < 256; value++) {
    if (value === UNSCORED_PIXEL) continue;
    tableBytes.set([...rgbOf(classOf(request.classes, value - 1).color), alpha], value * 4);
  }
  const table = new Uint32Array(tableBytes.buffer);
  const { mask } = prediction;
  const words = new Uint32Array(mask.length);
  for (let pixel = 0; pixel < mask.length; pixel++) words[pixel] = table[mask[pixel] ?? 0] ?? 0;
  return { data: Buffer.from(words.buffer), width: prediction.width, height: prediction.height };
}

/** The image with the prediction drawn over it, as JPEG bytes. */
export async function drawPrediction(request: DrawRequest): Promise<Buffer> {
  const metadata = await sharp(request.imagePath).metadata();
  const originalWidth = metadata.width;
  const originalHeight = metadata.height;
  const scale = Math.min(1, (request.maxSide ?? Infinity) / Math.max(originalWidth, originalHeight));
  const width = Math.max(1, Math.round(originalWidth * scale));
  const height = Math.max(1, Math.round(originalHeight * scale));
  const fontSize = Math.max(10, Math.round(Math.max(width, height) / 40));
  const layers: sharp.OverlayOptions[] = [];
  const mask = maskOverlay(request);
  if (mask) {
    const input = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 4 } })
      .resize(width, height, { fit: 'fill', kernel: 'nearest' })
      .png()
      .toBuffer();
    layers.push({ input });
  }
  const shapes = detectionSvg(request, scale, fontSize) + classificationSvg(request, fontSize);
  if (shapes !== '') {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width)}" height="${String(height)}">${shapes}</svg>`;
    layers.push({ input: Buffer.from(svg) });
  }
  return sharp(request.imagePath)
    .flatten({ background: '#000000' })
    .toColourspace('srgb')
    .resize(width, height, { fit: 'fill' })
    .composite(layers)
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}
