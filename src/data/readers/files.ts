// File-system access for readers, turning what can go wrong with a user's files into InvalidData.
import fs from 'node:fs';
import path from 'node:path';
import { IMAGE_EXTENSIONS, readImageSize } from '../imageSize';
import type { ImageSize } from '../imageSize';
import { InvalidData } from './invalidData';
import { findJsonSyntaxError } from '../../core/config/jsonSyntaxError';
import { LineIndex } from '../../core/config/position';

/** Code-point order, not the locale's: the same listing order on every machine. */
export function byName(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';
}

export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What a path is, or undefined when it cannot be known (missing, or not readable). */
function statOf(target: string): fs.Stats | undefined {
  try {
    return fs.statSync(target, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export interface Listing {
  /** Sorted by name; hidden entries (starting with '.') are left out. */
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

const EMPTY_LISTING: Listing = { files: [], folders: [] };

/** The files and folders of `dir` (symbolic links followed), or nothing when it does not exist. */
export function listFolder(dir: string): Listing {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return EMPTY_LISTING;
    throw new InvalidData(`cannot list the folder: ${describeFsError(error)}`, { file: dir });
  }
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    let isFile = entry.isFile();
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = statOf(path.join(dir, entry.name));
      isFile = target?.isFile() ?? false;
      isFolder = target?.isDirectory() ?? false;
    }
    if (isFile) files.push(entry.name);
    else if (isFolder) folders.push(entry.name);
  }
  return { files: files.sort(byName), folders: folders.sort(byName) };
}

export function isFolder(dir: string): boolean {
  return statOf(dir)?.isDirectory() ?? false;
}

export function isFile(file: string): boolean {
  return statOf(file)?.isFile() ?? false;
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidData(`cannot read the file: ${describeFsError(error)}`, { file });
  }
}

/** Line and column (1-based, as editors show them) of a character offset, for a JSON syntax error. */
function lineAndColumn(text: string, offset: number): string {
  const { line, character } = new LineIndex(text).positionAt(offset);
  return `line ${String(line + 1)}, column ${String(character + 1)}`;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const reason = found?.message ?? (error instanceof Error ? error.message : String(error));
    throw new InvalidData(`not valid JSON: ${reason}`, {
      file,
      where: found === undefined ? undefined : lineAndColumn(text, found.offset),
      hint: 'Fix the JSON syntax (an editor with a JSON mode points at it), or re-export the file.',
    });
  }
}

export function readJson(file: string): unknown {
  return parseJson(readText(file), file);
}

/** Who refers to an image, so that a missing one is reported where the reference is. */
export interface ImageReference {
  readonly file: string;
  readonly where?: string;
}

/** The size in an image's header; a missing image is the reference's problem, an unreadable one the image's. */
export function imageSizeOf(imagePath: string, reference: ImageReference): ImageSize {
  let size: ImageSize | undefined;
  try {
    size = readImageSize(imagePath);
  } catch (error) {
    if (isMissing(error)) {
      throw new InvalidData(`the image ${imagePath} does not exist`, {
        ...reference,
        hint: 'Restore the image, or remove the entry that refers to it.',
      });
    }
    throw new InvalidData(`cannot read the image: ${describeFsError(error)}`, { file: imagePath });
  }
  if (size === undefined) {
    throw new InvalidData('not a PNG, JPEG, WebP, BMP or TIFF image, or its header is damaged', {
      file: imagePath,
      hint: 'Convert it to PNG or JPEG, or remove it from the dataset.',
    });
  }
  return size;
}

/** Checks a size written in an annotation against the image's header, which wins. */
export function checkDeclaredSize(declared: ImageSize, actual: ImageSize, where: string): void {
  if (declared.width !== actual.width || declared.height !== actual.height) {
    throw new InvalidData(
      `the annotation gives the image size as ${declared.width}×${declared.height}, but the image is ${actual.width}×${actual.height}`,
      { where, hint: 'Re-export the annotation for this image, or fix its size.' },
    );
  }
}
