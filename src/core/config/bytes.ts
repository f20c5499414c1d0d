import { LineIndex } from './position';
import type { Finding } from './types';
import { BINARY_MESSAGE, NOT_UTF8_ADVICE } from './unreadableText';

// A config file's bytes → its text, or the one finding that says why there is no text to check. Such a
// finding is about the whole file, so it sits at the file's start (where a CLI prints it as `file:1:1`);
// the message says where the first bad byte is.

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((byte, index) => bytes[index] === byte);

const fileFinding = (code: string, message: string): { ok: false; finding: Finding } => ({
  ok: false,
  finding: { severity: 'error', code, range: FILE_START, message, fixes: [] },
});

export function decodeConfigBytes(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; finding: Finding } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return fileFinding('not-utf8', `This file is saved as UTF-16, not UTF-8. ${NOT_UTF8_ADVICE}`);
  }
  // A lossy decoding places the problem: invalid bytes become U+FFFD, and NUL stays NUL.
  const lossy = new TextDecoder('utf-8').decode(bytes);
  if (lossy.includes('\0')) return fileFinding('binary', BINARY_MESSAGE);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const { line, character } = new LineIndex(lossy).positionAt(lossy.indexOf('\uFFFD'));
    const where = `line ${line + 1}, column ${character + 1}`;
    return fileFinding(
      'not-utf8',
      `This file is not valid UTF-8 (the first bad byte is at ${where}). ${NOT_UTF8_ADVICE}`,
    );
  }
}
