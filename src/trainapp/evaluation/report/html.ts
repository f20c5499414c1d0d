// The few pieces every section of the report is written with. Every text that comes from a file (class
// names are the user's data) goes through escapeHtml, in element content and in attributes alike.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** A share as a percentage with one decimal. */
export const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** A short line saying why a section has nothing to show. */
export const note = (text: string): string => `<p class="note">${text}</p>`;

/** A table in a scrolling box, so that 100+ classes keep the page readable. Cells are HTML: escape text first. */
export function table(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  className = '',
): string {
  const head = header.map((cell) => `<th scope="col">${cell}</th>`).join('');
  const body = rows
    .map(
      ([first = '', ...rest]) =>
        `<tr><th scope="row">${first}</th>${rest.map((cell) => `<td>${cell}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<div class="scroll tall"><table class="${className}"><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
