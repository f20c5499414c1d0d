// Letterboxing: the one map from original pixels to input pixels that the image, its mask and its boxes
// all go through, so that they stay aligned whatever the crop and flips.
import type { Placement } from '../contracts';
import type { AugmentationDraw, CropWindow } from './augmentation';

/** input = scale * original + offset, along one axis; a negative scale mirrors. */
export interface AxisMap {
  readonly scale: number;
  readonly offset: number;
}

/** Whole input pixels. */
export interface PixelRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface InputFit {
  readonly placement: Placement;
  /** The input pixels the image covers; the rest is padding. */
  readonly region: PixelRegion;
  readonly x: AxisMap;
  readonly y: AxisMap;
  /** The part of the original image that lands in the region, in continuous original pixels. */
  readonly visible: CropWindow;
}

interface AxisFit {
  readonly start: number;
  readonly length: number;
  readonly map: AxisMap;
  readonly visibleLength: number;
}

/**
 * The region is centred and its length rounded to whole pixels; the window shown is then exactly the region's
 * preimage, so nothing is shown that box clipping does not know about. A flip mirrors within the region.
 */
function fitAxis(
  cropStart: number,
  cropLength: number,
  scale: number,
  inputSize: number,
  flip: boolean,
): AxisFit {
  const length = Math.min(inputSize, Math.max(1, Math.round(cropLength * scale)));
  const start = Math.floor((inputSize - length) / 2);
  const map = flip
    ? { scale: -scale, offset: start + length + scale * cropStart }
    : { scale, offset: start - scale * cropStart };
  return { start, length, map, visibleLength: length / scale };
}

export function fitToInput(
  draw: AugmentationDraw,
  inputSize: number,
  originalWidth: number,
  originalHeight: number,
): InputFit {
  const { crop } = draw;
  const scale = inputSize / Math.max(crop.width, crop.height);
  const x = fitAxis(crop.x, crop.width, scale, inputSize, draw.hflip);
  const y = fitAxis(crop.y, crop.height, scale, inputSize, draw.vflip);
  return {
    // A placement has no mirror: for a flipped image it describes the map before the flip.
    placement: {
      originalWidth,
      originalHeight,
      scale,
      offsetX: x.start - scale * crop.x,
      offsetY: y.start - scale * crop.y,
    },
    region: { x: x.start, y: y.start, width: x.length, height: y.length },
    x: x.map,
    y: y.map,
    visible: { x: crop.x, y: crop.y, width: x.visibleLength, height: y.visibleLength },
  };
}
