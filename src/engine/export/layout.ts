// The engine's channels-last tensors and ONNX's channels-first ones, converted on the host.

/** [n, a, b, c] → [n, c, a, b]: NHWC → NCHW. */
export function channelsFirst(
  data: Float32Array,
  dims: readonly [number, number, number, number],
): Float32Array {
  const [n, h, w, c] = dims;
  const out = new Float32Array(data.length);
  const pixels = h * w;
  for (let image = 0; image < n; image++) {
    const base = image * pixels * c;
    for (let pixel = 0; pixel < pixels; pixel++) {
      for (let channel = 0; channel < c; channel++) {
        out[base + channel * pixels + pixel] = data[base + pixel * c + channel] ?? 0;
      }
    }
  }
  return out;
}

/** [n, c, a, b] → [n, a, b, c]: NCHW → NHWC. */
export function channelsLast(
  data: Float32Array,
  dims: readonly [number, number, number, number],
): Float32Array {
  const [n, c, h, w] = dims;
  const out = new Float32Array(data.length);
  const pixels = h * w;
  for (let image = 0; image < n; image++) {
    const base = image * pixels * c;
    for (let channel = 0; channel < c; channel++) {
      for (let pixel = 0; pixel < pixels; pixel++) {
        out[base + pixel * c + channel] = data[base + channel * pixels + pixel] ?? 0;
      }
    }
  }
  return out;
}
