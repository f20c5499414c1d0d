/** A device request the engine cannot meet: the message says what to change or install. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
}

/** app_state's `options.device`, parsed. */
export type DeviceRequest =
  | { readonly kind: 'fastest' }
  | { readonly kind: 'cpu' }
  /** `index` is set for `gpu:N`. */
  | { readonly kind: 'gpu'; readonly index?: number };

const GPU_WITH_INDEX = /^gpu:(\d+)$/;

export function parseDevice(device: string | null | undefined): DeviceRequest {
  if (device === null || device === undefined) return { kind: 'fastest' };
  if (device === 'cpu' || device === 'gpu') return { kind: device };
  const index = GPU_WITH_INDEX.exec(device)?.[1];
  if (index !== undefined) return { kind: 'gpu', index: Number(index) };
  throw new DeviceError(
    `Unknown device '${device}' in options.device: use null (the fastest available), 'cpu', 'gpu', ` +
      `or 'gpu:N' for the GPU with index N (e.g. 'gpu:0').`,
  );
}
