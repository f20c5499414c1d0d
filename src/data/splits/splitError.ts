/**
 * A split that cannot be made from these settings and this data. `field` is the app_state key at fault
 * (such as `train_val_split.val_datasets`), so that an editor can underline it.
 */
export class SplitError extends Error {
  override readonly name = 'SplitError';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The app_state path of a key of `train_val_split`. */
export function splitField(key: string): string {
  return `train_val_split.${key}`;
}

/** `'a', 'b'`: names quoted so that spaces and empty-looking names stay visible in a message. */
export function quoteList(names: Iterable<string>): string {
  return [...names].map((name) => `'${name}'`).join(', ');
}
