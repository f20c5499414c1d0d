// The few protocol-buffer encodings an event file needs, written by hand so that logging pulls in no
// protobuf library. Fields are always written, defaults included: valid protobuf, and required for the
// members of a `oneof` (a simple_value of 0 must still be there).

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/** Builds one message; nested messages are built by their own writer and added as bytes. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(part: Uint8Array): this {
    this.parts.push(part);
    this.length += part.length;
    return this;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Non-negative integers up to 2^53; negative int32/int64 values never occur in an event file. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`protobuf varint must be a non-negative safe integer, got ${value}`);
    }
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    this.push(Uint8Array.from(bytes));
  }

  /** int32 and int64 fields. */
  integer(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.push(bytes);
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(bytes);
  }

  /** bytes fields and embedded messages. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    return this.push(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  finish(): Uint8Array {
    const message = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      message.set(part, offset);
      offset += part.length;
    }
    return message;
  }
}
