// The panel's one set of DOM builders. Everything is built with createElement and textContent, never from
// HTML strings: the CSP allows no inline styles, and no value from a file can become markup.

/** A `true` attribute is present and empty; `false` or undefined leaves it out. */
export type Attributes = Readonly<Record<string, string | boolean | undefined>>;

/** `false` and undefined children are left out, so a child can be written as a condition. */
type Child = Node | string | false | undefined;

/** `<tag attr=...>children</tag>`. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(
    ...children.filter((child): child is Node | string => child !== false && child !== undefined),
  );
  return element;
}

/** A codicon; `label` makes it announce itself, without one it is decoration. */
export function icon(name: string, label?: string): HTMLElement {
  const element = h('vscode-icon', { name });
  if (label === undefined) element.setAttribute('aria-hidden', 'true');
  else element.label = label;
  return element;
}

/** True while focus is in `element` or its shadow tree: a re-render must not rebuild it then. */
export const hasFocus = (element: Element): boolean =>
  element === document.activeElement ||
  element.contains(document.activeElement) ||
  element.matches(':focus-within');
