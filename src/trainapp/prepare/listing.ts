/** `'a', 'b', 'c' and 7 more`: enough names to act on, without flooding a one-paragraph message. */
export function quoteSome(names: readonly string[], shown = 5): string {
  const quoted = names.slice(0, shown).map((name) => `'${name}'`);
  const more = names.length > shown ? ` and ${names.length - shown} more` : '';
  return `${quoted.join(', ')}${more}`;
}

/** `3 images`, `1 image`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
