import { MAX_CONFIG_TEXT_LENGTH } from './limits';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// Text that is no config file at all: too large to check, binary, or decoded from bytes that were not
// UTF-8. Each gives one finding and nothing else is checked.

const REPLACEMENT_CHARACTER = '\uFFFD';

export const NOT_UTF8_ADVICE = 'Re-save it with the UTF-8 encoding (in VS Code: Save with Encoding → UTF-8).';

export const BINARY_MESSAGE =
  'This file contains NUL characters, so it is binary data rather than a text config file; it was not checked.';

function binaryFinding(offset: number): OffsetFinding {
  return offsetFinding('error', 'binary', { start: offset, end: offset + 1 }, BINARY_MESSAGE);
}

function notUtf8Finding(offset: number): OffsetFinding {
  return offsetFinding(
    'error',
    'not-utf8',
    { start: offset, end: offset + 1 },
    `This file is not valid UTF-8: this character could not be decoded. ${NOT_UTF8_ADVICE}`,
  );
}

/** The single finding for text that is not checked at all, or undefined for text that is. */
export function unreadableTextFinding(text: string): OffsetFinding | undefined {
  if (text.length > MAX_CONFIG_TEXT_LENGTH) {
    const millions = (text.length / 1e6).toFixed(1);
    const message = `Not checked: this file has ${millions} million characters, over the limit of ${MAX_CONFIG_TEXT_LENGTH / 1e6} million for config files.`;
    return offsetFinding('information', 'too-large', { start: 0, end: 0 }, message);
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) return binaryFinding(nul);
  // Editors show bytes that are not UTF-8 as U+FFFD, so the text the user sees has lost them.
  const replaced = text.indexOf(REPLACEMENT_CHARACTER);
  if (replaced !== -1) return notUtf8Finding(replaced);
  return undefined;
}
