import { maskedCrc32c } from './crc32c';
import { ProtoWriter } from './protobuf';

// TensorBoard event records: a tensorflow.Event message (tensorflow/core/util/event.proto, with Summary
// from tensorflow/core/framework/summary.proto) in TFRecord framing. Each function returns one framed
// record, ready to append to an event file.

const EVENT_FIELDS = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 } as const;
const SUMMARY_FIELDS = { value: 1 } as const;
const VALUE_FIELDS = { tag: 1, simpleValue: 2, image: 4 } as const;
const IMAGE_FIELDS = { height: 1, width: 2, colorspace: 3, encodedImage: 4 } as const;

/** What the first record of every event file says; TensorBoard checks the `brain.Event:` prefix. */
const FILE_VERSION = 'brain.Event:2';

const LENGTH_BYTES = 8;
const CRC_BYTES = 4;

/** TFRecord: uint64 length, masked CRC of the length bytes, the data, masked CRC of the data; little-endian. */
function frame(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(LENGTH_BYTES + CRC_BYTES + data.length + CRC_BYTES);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(LENGTH_BYTES, maskedCrc32c(record.subarray(0, LENGTH_BYTES)), true);
  record.set(data, LENGTH_BYTES + CRC_BYTES);
  view.setUint32(LENGTH_BYTES + CRC_BYTES + data.length, maskedCrc32c(data), true);
  return record;
}

function event(wallTime: number, step: number): ProtoWriter {
  return new ProtoWriter().double(EVENT_FIELDS.wallTime, wallTime).integer(EVENT_FIELDS.step, step);
}

function summaryRecord(wallTime: number, step: number, values: readonly Uint8Array[]): Uint8Array {
  const summary = new ProtoWriter();
  for (const value of values) summary.bytes(SUMMARY_FIELDS.value, value);
  return frame(event(wallTime, step).bytes(EVENT_FIELDS.summary, summary.finish()).finish());
}

export function fileVersionRecord(wallTime: number): Uint8Array {
  return frame(event(wallTime, 0).string(EVENT_FIELDS.fileVersion, FILE_VERSION).finish());
}

/** One event holding every value: TensorBoard plots each tag as its own series. */
export function scalarsRecord(
  wallTime: number,
  step: number,
  values: Readonly<Record<string, number>>,
): Uint8Array {
  const encoded = Object.entries(values).map(([tag, value]) =>
    new ProtoWriter().string(VALUE_FIELDS.tag, tag).float(VALUE_FIELDS.simpleValue, value).finish(),
  );
  return summaryRecord(wallTime, step, encoded);
}

export interface EncodedImage {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Where IHDR's colour type sits: signature, chunk length and type, width, height, bit depth. */
const PNG_COLOR_TYPE_OFFSET = 25;
/** PNG colour type → Summary.Image colorspace (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA); a palette counts as RGB. */
const COLORSPACE_OF_PNG_COLOR_TYPE: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

function colorspaceOf(png: Uint8Array): number {
  const colorspace = PNG_SIGNATURE.every((byte, index) => png[index] === byte)
    ? COLORSPACE_OF_PNG_COLOR_TYPE[png[PNG_COLOR_TYPE_OFFSET] ?? -1]
    : undefined;
  if (colorspace === undefined) throw new RangeError('TensorBoard images must be PNG files');
  return colorspace;
}

export function imageRecord(wallTime: number, step: number, tag: string, image: EncodedImage): Uint8Array {
  const encodedImage = new ProtoWriter()
    .integer(IMAGE_FIELDS.height, image.height)
    .integer(IMAGE_FIELDS.width, image.width)
    .integer(IMAGE_FIELDS.colorspace, colorspaceOf(image.png))
    .bytes(IMAGE_FIELDS.encodedImage, image.png)
    .finish();
  const value = new ProtoWriter()
    .string(VALUE_FIELDS.tag, tag)
    .bytes(VALUE_FIELDS.image, encodedImage)
    .finish();
  return summaryRecord(wallTime, step, [value]);
}
