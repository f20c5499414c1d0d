import fs from 'node:fs';
import path from 'node:path';
import { IMAGE_EXTENSIONS, readImageSize } from '../../data/imageSize';
import type { ImageSize } from '../../data/imageSize';
import { describeFsError, isImageName, isMissing } from '../../data/readers/files';
import type { ImageFile } from '../../engine/inference';
import { RunError } from '../runError';

// What `train-studio predict` is given to predict on: image files, and folders standing for the images in
// them. Every input is checked before anything runs, so a typo costs no model loading and writes nothing.

export interface InputImage extends ImageFile {
  /** The file name: predictions are named after it. */
  readonly name: string;
}

const EXTENSIONS = [...IMAGE_EXTENSIONS].join(', ');

const unreadable = (file: string, error: unknown) =>
  new RunError({
    message: `Cannot read ${file}: ${describeFsError(error)}.`,
    hint: 'Check the path and its permissions.',
    file,
  });

function sizeOf(file: string): ImageSize | undefined {
  try {
    return readImageSize(file);
  } catch (error) {
    throw unreadable(file, error);
  }
}

function imageAt(file: string): InputImage {
  if (!isImageName(file)) {
    throw new RunError({
      message: `${file} is not an image file: Train Studio predicts on ${EXTENSIONS} images.`,
      hint: 'Name image files, or folders of images, only.',
      file,
    });
  }
  const size = sizeOf(file);
  if (size === undefined) {
    throw new RunError({
      message: `${file} is not a readable image: its contents are not those of a PNG, JPEG, WebP, BMP or TIFF file.`,
      hint: 'Replace the file, or leave it out.',
      file,
    });
  }
  return { path: file, name: path.basename(file), ...size };
}

/** The folder's image files, sorted by name; subfolders, hidden files and other files are left alone. */
function imagesIn(folder: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw unreadable(folder, error);
  }
  const files = entries
    .filter((entry) => !entry.name.startsWith('.') && isImageName(entry.name))
    .map((entry) => path.join(folder, entry.name))
    .filter((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (files.length === 0) {
    throw new RunError({
      message: `The folder ${folder} has no images (${EXTENSIONS}).`,
      hint: 'Name the folder that holds the images themselves: subfolders are not searched.',
      file: folder,
    });
  }
  return files;
}

function filesOf(input: string): string[] {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(input);
  } catch (error) {
    if (!isMissing(error)) throw unreadable(input, error);
    throw new RunError({
      message: `There is no image or folder ${input}.`,
      hint: 'Check the path.',
      file: input,
    });
  }
  return stats.isDirectory() ? imagesIn(input) : [input];
}

/** Predictions are files named after their image, so two images of one name would overwrite each other. */
function checkNamesDiffer(images: readonly InputImage[]): void {
  const byName = new Map<string, string>();
  for (const image of images) {
    const other = byName.get(image.name);
    if (other !== undefined) {
      throw new RunError({
        message: `Two images are named ${image.name} (${other} and ${image.path}), and predictions are named after the image file.`,
        hint: 'Predict on them in separate runs, each with its own --out folder.',
        file: image.path,
      });
    }
    byName.set(image.name, image.path);
  }
}

/**
 * The images the inputs name (relative to `cwd`), absolute: files as given, folders as their images in
 * name order. An image named twice counts once. A missing path, a file that is not an image, an empty
 * folder, or two images of one name is a RunError naming the path.
 */
export function expandInputs(inputs: readonly string[], cwd: string): InputImage[] {
  const files = [...new Set(inputs.flatMap((input) => filesOf(path.resolve(cwd, input))))];
  const images = files.map(imageAt);
  checkNamesDiffer(images);
  return images;
}
