/** Text fields post this long after the last keystroke, so the host writes the file once per pause. */
const EDIT_DELAY_MS = 300;

export interface Debounced<Args extends unknown[]> {
  (...args: Args): void;
  /** Whether a call is waiting: the field holds text the host has not seen yet. */
  pending(): boolean;
  cancel(): void;
}

export function debounce<Args extends unknown[]>(
  run: (...args: Args) => void,
  delayMs = EDIT_DELAY_MS,
): Debounced<Args> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: Args): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run(...args);
    }, delayMs);
  };
  debounced.pending = () => timer !== undefined;
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
