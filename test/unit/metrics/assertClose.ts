import assert from 'node:assert/strict';

/** Asserts a defined number within `tolerance` of the expected one. */
export function assertClose(actual: number | undefined, expected: number, tolerance = 1e-12): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < tolerance, `${actual} ≠ ${expected}`);
}
