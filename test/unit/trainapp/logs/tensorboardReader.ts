// An event-file reader written apart from the writer, from the TFRecord and protobuf specifications alone:
// its own bit-by-bit CRC-32C, a framing parser that checks both checksums of every record, and a protobuf
// decoder that knows only the fields of tensorflow.Event the tests read back.

export function bitwiseCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

export class CorruptRecord extends Error {}

/** The data of every record; throws CorruptRecord on a bad checksum or a truncated record. */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let offset = 0;
  while (offset < file.length) {
    if (offset + 12 > file.length) throw new CorruptRecord(`truncated header at ${offset}`);
    const length = Number(view.getBigUint64(offset, true));
    if (masked(bitwiseCrc32c(file.subarray(offset, offset + 8))) !== view.getUint32(offset + 8, true)) {
      throw new CorruptRecord(`bad length checksum at ${offset}`);
    }
    const start = offset + 12;
    if (start + length + 4 > file.length) throw new CorruptRecord(`truncated record at ${offset}`);
    const data = file.subarray(start, start + length);
    if (masked(bitwiseCrc32c(data)) !== view.getUint32(start + length, true)) {
      throw new CorruptRecord(`bad data checksum at ${offset}`);
    }
    records.push(data);
    offset = start + length + 4;
  }
  return records;
}

type FieldValue = { wire: 0; value: bigint } | { wire: 1 | 5 | 2; bytes: Uint8Array };

/** Field number → values in order; unknown wire types throw. */
function decodeMessage(bytes: Uint8Array): Map<number, FieldValue[]> {
  const fields = new Map<number, FieldValue[]>();
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new CorruptRecord('varint runs past the message');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const take = (count: number): Uint8Array => {
    if (offset + count > bytes.length) throw new CorruptRecord('field runs past the message');
    offset += count;
    return bytes.subarray(offset - count, offset);
  };
  while (offset < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: FieldValue;
    if (wire === 0) value = { wire, value: varint() };
    else if (wire === 1) value = { wire, bytes: take(8) };
    else if (wire === 5) value = { wire, bytes: take(4) };
    else if (wire === 2) value = { wire, bytes: take(Number(varint())) };
    else throw new CorruptRecord(`wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

function bytesOf(value: FieldValue | undefined): Uint8Array | undefined {
  return value && value.wire !== 0 ? value.bytes : undefined;
}

function integerOf(value: FieldValue | undefined): number {
  return value?.wire === 0 ? Number(value.value) : 0;
}

const littleEndian = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

export interface ReadImage {
  readonly height: number;
  readonly width: number;
  readonly colorspace: number;
  readonly encoded: Uint8Array;
}

export interface ReadValue {
  readonly tag: string | undefined;
  readonly simpleValue?: number;
  readonly image?: ReadImage;
}

export interface ReadEvent {
  readonly wallTime: number;
  readonly step: number;
  readonly fileVersion?: string;
  readonly values: ReadValue[];
}

function decodeImage(bytes: Uint8Array): ReadImage {
  const fields = decodeMessage(bytes);
  return {
    height: integerOf(fields.get(1)?.[0]),
    width: integerOf(fields.get(2)?.[0]),
    colorspace: integerOf(fields.get(3)?.[0]),
    encoded: bytesOf(fields.get(4)?.[0]) ?? new Uint8Array(),
  };
}

function decodeValue(bytes: Uint8Array): ReadValue {
  const fields = decodeMessage(bytes);
  const simple = bytesOf(fields.get(2)?.[0]);
  const image = bytesOf(fields.get(4)?.[0]);
  return {
    tag: text(bytesOf(fields.get(1)?.[0])),
    ...(simple ? { simpleValue: littleEndian(simple).getFloat32(0, true) } : {}),
    ...(image ? { image: decodeImage(image) } : {}),
  };
}

export function decodeEvent(bytes: Uint8Array): ReadEvent {
  const fields = decodeMessage(bytes);
  const wallTime = bytesOf(fields.get(1)?.[0]);
  const summary = bytesOf(fields.get(5)?.[0]);
  const fileVersion = text(bytesOf(fields.get(3)?.[0]));
  return {
    wallTime: wallTime ? littleEndian(wallTime).getFloat64(0, true) : 0,
    step: integerOf(fields.get(2)?.[0]),
    ...(fileVersion === undefined ? {} : { fileVersion }),
    values: summary
      ? (decodeMessage(summary).get(1) ?? []).map((value) => decodeValue(bytesOf(value) ?? new Uint8Array()))
      : [],
  };
}

export const readEventFile = (file: Uint8Array): ReadEvent[] => readRecords(file).map(decodeEvent);
