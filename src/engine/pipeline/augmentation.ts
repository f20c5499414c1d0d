// What augmentation does to one image, drawn from its own random stream (./random.ts). Every draw is made
// whatever the settings, in a fixed order, so that changing one setting never reshuffles the others.
import type { BuiltinHyperparameters } from '../../core/schemas';

export type AugmentationSettings = BuiltinHyperparameters['augmentation'];

/** A window of the original image, in continuous original pixels. */
export interface CropWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Colour factors: 1 and 0 (hue) change nothing. */
export interface ColorDraw {
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
  /** A fraction of a full turn. */
  readonly hue: number;
}

export interface AugmentationDraw {
  readonly crop: CropWindow;
  readonly hflip: boolean;
  readonly vflip: boolean;
  /** Absent when colour jitter is off, so that evaluation pays nothing for it. */
  readonly color?: ColorDraw;
}

/** A uniform draw in [1 - spread, 1 + spread]. */
function factor(random: () => number, spread: number): number {
  return 1 + spread * (2 * random() - 1);
}

function hasColorJitter(jitter: AugmentationSettings['color_jitter']): boolean {
  return jitter.brightness > 0 || jitter.contrast > 0 || jitter.saturation > 0 || jitter.hue > 0;
}

/** The whole image, unflipped, in its own colours: what evaluation sees. */
function identityDraw(width: number, height: number): AugmentationDraw {
  return { crop: { x: 0, y: 0, width, height }, hflip: false, vflip: false };
}

/**
 * The crop keeps the image's aspect ratio and a fraction s of its area, s uniform in [scale_min, scale_max],
 * at a uniform position; scale [1, 1] keeps the whole image.
 */
export function drawAugmentation(
  random: () => number,
  settings: AugmentationSettings | undefined,
  width: number,
  height: number,
): AugmentationDraw {
  if (settings === undefined) return identityDraw(width, height);
  const hflip = random() < settings.hflip;
  const vflip = random() < settings.vflip;
  const [minScale, maxScale] = settings.scale;
  const side = Math.sqrt(minScale + (maxScale - minScale) * random());
  const crop = {
    x: (width - side * width) * random(),
    y: (height - side * height) * random(),
    width: side * width,
    height: side * height,
  };
  const jitter = settings.color_jitter;
  const color = {
    brightness: factor(random, jitter.brightness),
    contrast: factor(random, jitter.contrast),
    saturation: factor(random, jitter.saturation),
    hue: jitter.hue * (2 * random() - 1),
  };
  return hasColorJitter(jitter) ? { crop, hflip, vflip, color } : { crop, hflip, vflip };
}
