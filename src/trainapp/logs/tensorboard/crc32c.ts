// CRC-32C (Castagnoli), the checksum TFRecord framing uses. Slicing-by-8: eight 256-entry tables let the
// loop fold eight bytes per step instead of one, several times faster on image records.

const REFLECTED_POLYNOMIAL = 0x82f63b78;
const TABLE_SIZE = 256;
const SLICES = 8;

function buildTables(): Uint32Array {
  const tables = new Uint32Array(TABLE_SIZE * SLICES);
  for (let byte = 0; byte < TABLE_SIZE; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
    tables[byte] = crc;
  }
  // Table k gives the CRC of a byte followed by k zero bytes.
  for (let slice = 1; slice < SLICES; slice++) {
    for (let byte = 0; byte < TABLE_SIZE; byte++) {
      const previous = tables[(slice - 1) * TABLE_SIZE + byte] ?? 0;
      tables[slice * TABLE_SIZE + byte] = (tables[previous & 0xff] ?? 0) ^ (previous >>> 8);
    }
  }
  return tables;
}

const TABLES = buildTables();
const at = (slice: number, byte: number): number => TABLES[slice * TABLE_SIZE + byte] ?? 0;

export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  let index = 0;
  const end8 = bytes.length - (bytes.length % SLICES);
  for (; index < end8; index += SLICES) {
    const low =
      crc ^
      ((bytes[index] ?? 0) |
        ((bytes[index + 1] ?? 0) << 8) |
        ((bytes[index + 2] ?? 0) << 16) |
        ((bytes[index + 3] ?? 0) << 24));
    crc =
      at(7, low & 0xff) ^
      at(6, (low >>> 8) & 0xff) ^
      at(5, (low >>> 16) & 0xff) ^
      at(4, low >>> 24) ^
      at(3, bytes[index + 4] ?? 0) ^
      at(2, bytes[index + 5] ?? 0) ^
      at(1, bytes[index + 6] ?? 0) ^
      at(0, bytes[index + 7] ?? 0);
  }
  for (; index < bytes.length; index++) crc = at(0, (crc ^ (bytes[index] ?? 0)) & 0xff) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const MASK_DELTA = 0xa282ead8;

/** TFRecord stores CRCs rotated and offset, so that a CRC of data that itself holds CRCs stays strong. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}
