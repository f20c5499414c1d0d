// Live views redraw at most `intervalMs` apart however fast deltas arrive: a run can send hundreds of steps
// a second, and a redraw per delta would keep the main thread busy. A timer, not requestAnimationFrame,
// because VS Code does not run animation frames in a hidden panel, and its data must still be current
// when the panel is shown again.

/** Returns `schedule`: calls `work` once, soon (at most every `intervalMs`), however often it is called. */
export function coalesce(work: () => void, intervalMs = 100): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity;
  return () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, last + intervalMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      last = performance.now();
      work();
    }, wait);
  };
}
