import type { TensorDtype, TensorEntry, TensorGroup } from './format';

// The tensor file is the tensors' values back to back, little-endian, in manifest order. Every dtype we
// store is 4 bytes wide, so each tensor starts 4-byte aligned.

/** A tensor's values in host memory, so checkpoint I/O needs no tfjs. */
export interface HostTensor {
  readonly name: string;
  readonly group: TensorGroup;
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

const BYTES_PER_VALUE = 4;

const dtypeOf = (values: Float32Array | Int32Array): TensorDtype =>
  values instanceof Float32Array ? 'float32' : 'int32';

const sizeOf = (shape: readonly number[]): number => shape.reduce((product, side) => product * side, 1);

/** Packs tensors into one buffer and describes where each lies. Names must be unique within a group. */
export function packTensors(tensors: readonly HostTensor[]): { bytes: Uint8Array; entries: TensorEntry[] } {
  const seen = new Set<string>();
  const entries: TensorEntry[] = [];
  let byteOffset = 0;
  for (const { name, group, shape, values } of tensors) {
    const key = `${group}/${name}`;
    if (seen.has(key)) throw new Error(`Tensor '${key}' appears twice in one checkpoint.`);
    seen.add(key);
    if (sizeOf(shape) !== values.length) {
      throw new Error(`Tensor '${key}' has ${values.length} values but shape [${shape.join(', ')}].`);
    }
    const byteLength = values.length * BYTES_PER_VALUE;
    entries.push({ name, group, shape: [...shape], dtype: dtypeOf(values), byteOffset, byteLength });
    byteOffset += byteLength;
  }
  const bytes = new Uint8Array(byteOffset);
  tensors.forEach(({ values }, index) => {
    const entry = entries[index];
    if (entry !== undefined) {
      bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), entry.byteOffset);
    }
  });
  return { bytes, entries };
}

/** Reads tensors back; returns a problem instead when the manifest does not fit the bytes. */
export function unpackTensors(
  bytes: Uint8Array,
  entries: readonly TensorEntry[],
): { tensors: HostTensor[] } | { problem: string } {
  const tensors: HostTensor[] = [];
  for (const { name, group, shape, dtype, byteOffset, byteLength } of entries) {
    const expected = sizeOf(shape) * BYTES_PER_VALUE;
    if (byteLength !== expected || byteOffset % BYTES_PER_VALUE !== 0) {
      return {
        problem: `tensor '${group}/${name}' is listed with ${byteLength} bytes, its shape needs ${expected}`,
      };
    }
    if (byteOffset + byteLength > bytes.byteLength) {
      return { problem: `tensor '${group}/${name}' lies beyond the end of the tensor file` };
    }
    // A copy, so each tensor owns an aligned buffer and the file's can be freed. Not bytes.slice: on a
    // Node Buffer that is a view, whose .buffer is the whole (pooled) allocation.
    const copy = Uint8Array.from(bytes.subarray(byteOffset, byteOffset + byteLength)).buffer;
    const values = dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
    tensors.push({ name, group, shape, values });
  }
  return { tensors };
}
