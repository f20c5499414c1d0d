// Small DOM builders for the live cards. Everything is built with createElement and textContent, never
// from HTML strings, so no value from a file can become markup, and the page needs no inline styles.

type Attributes = Readonly<Record<string, string | boolean | undefined>>;

/** `<tag attr=…>children</tag>`; a `true` attribute is set empty, `false`/undefined ones are left out. */
export function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes?: Attributes,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[Tag];
export function element(tag: string, attributes?: Attributes, ...children: (Node | string)[]): HTMLElement;
export function element(
  tag: string,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElement {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) created.setAttribute(name, '');
    else if (typeof value === 'string') created.setAttribute(name, value);
  }
  created.append(...children);
  return created;
}

/** A codicon, hidden from screen readers: the text beside it says the same. */
export const icon = (name: string): HTMLElement => element('vscode-icon', { name, 'aria-hidden': 'true' });

/** Text only screen readers read (for what an icon or a colour shows). */
export const visuallyHidden = (text: string): HTMLElement =>
  element('span', { class: 'visually-hidden' }, text);

/** A table with a caption read by screen readers, a header row, and the given body rows. */
export function table(
  attributes: Attributes,
  caption: string,
  headers: readonly string[],
  rows: readonly HTMLTableRowElement[],
): HTMLTableElement {
  const head = element(
    'thead',
    {},
    element('tr', {}, ...headers.map((text) => element('th', { scope: 'col' }, text))),
  );
  return element(
    'table',
    { class: 'live-table', ...attributes },
    element('caption', { class: 'visually-hidden' }, caption),
    head,
    element('tbody', {}, ...rows),
  );
}
