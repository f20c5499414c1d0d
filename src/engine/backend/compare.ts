/**
 * How far `actual` is from `expected`, relative to the size of `expected`: max |a - b| / max |b|, with a floor
 * on the divisor so that an all-zero reference compares absolutely. One number per tensor, not per element,
 * because elements near zero are where float32 sums legitimately differ most.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let largestDifference = 0;
  let largestExpected = 1e-6;
  for (let index = 0; index < expected.length; index++) {
    const reference = expected[index] ?? 0;
    const difference = Math.abs((actual[index] ?? 0) - reference);
    // NaN never compares greater, so it is caught here.
    if (!(difference <= largestDifference))
      largestDifference = Number.isNaN(difference) ? Infinity : difference;
    largestExpected = Math.max(largestExpected, Math.abs(reference));
  }
  return largestDifference / largestExpected;
}
