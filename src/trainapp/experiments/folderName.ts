// Project and framework names become folder names, so they must be valid on Windows, macOS and Linux
// alike: an experiments folder moves between machines with the workspace.

/** Reserved characters on Windows (and `/` everywhere), and the control characters. */
const UNSAFE_CHARACTERS = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;
/** Device names Windows refuses as a file name, with or without an extension. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
/** Characters, well under every file system's limit on a name, leaving room for the run id and suffixes. */
const MAX_LENGTH = 100;

export function safeFolderName(name: string, fallback: string): string {
  const replaced = name.replace(UNSAFE_CHARACTERS, '_');
  // Windows drops trailing dots and spaces; leading ones hide the folder or confuse shells.
  const trimmed = Array.from(replaced.replace(/^[.\s]+|[.\s]+$/g, ''))
    .slice(0, MAX_LENGTH)
    .join('')
    .replace(/[.\s]+$/, '');
  if (trimmed === '') return fallback;
  return WINDOWS_DEVICE_NAMES.test(trimmed) ? `${trimmed}_` : trimmed;
}
