// Command lines as the output channel and the task terminal show them: a part with spaces is quoted, so that
// the line can be read, and copied into a shell, as one command.

const needsQuotes = (part: string) => part === '' || /[\s"']/.test(part);

export function formatCommandLine(parts: readonly string[]): string {
  return parts.map((part) => (needsQuotes(part) ? `"${part.replaceAll('"', '\\"')}"` : part)).join(' ');
}
