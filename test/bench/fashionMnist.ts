// Fashion-MNIST (Debian's dataset-fashion-mnist, IDX files) turned into a class-folders dataset with
// train/ and val/, once, in a cache folder: the real-data benchmark trains on what a user would point at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { encodePng } from '../fixtures/png';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_CLASSES = [
  'tshirt_top',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle_boot',
] as const;

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;

interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly columns: number;
  readonly pixels: Buffer;
}

function readIdx(file: string, magic: number): Buffer {
  const data = zlib.gunzipSync(fs.readFileSync(path.join(FASHION_MNIST_DIR, file)));
  if (data.readUInt32BE(0) !== magic) throw new Error(`${file} is not an IDX file of the expected kind`);
  return data;
}

function readImages(file: string): IdxImages {
  const data = readIdx(file, IMAGES_MAGIC);
  return {
    count: data.readUInt32BE(4),
    rows: data.readUInt32BE(8),
    columns: data.readUInt32BE(12),
    pixels: data.subarray(16),
  };
}

const readLabels = (file: string): Buffer => readIdx(file, LABELS_MAGIC).subarray(8);

/** The first `perClass` images of each class, as RGB PNGs under <dir>/<split>/<class>/. */
function writeSplit(dir: string, split: string, images: IdxImages, labels: Buffer, perClass: number): void {
  const written = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
  const side = images.rows * images.columns;
  for (let index = 0; index < images.count; index++) {
    const label = labels[index] ?? 0;
    if ((written[label] ?? 0) >= perClass) continue;
    const grey = images.pixels.subarray(index * side, (index + 1) * side);
    const rgb = new Uint8Array(side * 3);
    grey.forEach((value, pixel) => rgb.fill(value, pixel * 3, pixel * 3 + 3));
    const classDir = path.join(dir, split, FASHION_MNIST_CLASSES[label] ?? String(label));
    fs.mkdirSync(classDir, { recursive: true });
    const png = encodePng({ width: images.columns, height: images.rows, channels: 3, data: rgb });
    fs.writeFileSync(path.join(classDir, `${String(index).padStart(5, '0')}.png`), png);
    written[label] = (written[label] ?? 0) + 1;
  }
}

export const fashionMnistAvailable = (): boolean =>
  fs.existsSync(path.join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz'));

/** Train images per class from the official train set, val images per class from the official test set. */
export function prepareFashionMnist(trainPerClass: number, valPerClass: number): string {
  const dir = path.join(
    os.tmpdir(),
    `train-studio-bench-fashion-mnist-${String(trainPerClass)}-${String(valPerClass)}`,
  );
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  writeSplit(
    dir,
    'train',
    readImages('train-images-idx3-ubyte.gz'),
    readLabels('train-labels-idx1-ubyte.gz'),
    trainPerClass,
  );
  writeSplit(
    dir,
    'val',
    readImages('t10k-images-idx3-ubyte.gz'),
    readLabels('t10k-labels-idx1-ubyte.gz'),
    valPerClass,
  );
  fs.writeFileSync(done, '');
  return dir;
}
