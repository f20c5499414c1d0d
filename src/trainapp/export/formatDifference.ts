// Apart from the parity check, so that the extension can say how close an export came without loading the
// engine: this file imports nothing.

/** `3.2e-3`, `1e-4`: two significant digits at most; parity figures span many orders of magnitude. */
export const formatDifference = (value: number): string =>
  value === 0 || !Number.isFinite(value) ? String(value) : value.toExponential(1).replace('.0e', 'e');
