// Building DOM without HTML strings: the CSP allows no inline styles, and text set as textContent can
// never become markup.

type Child = Node | string | false | undefined;

/** `<tag attr=...>children</tag>`; a `true` attribute is present and empty, `false` leaves it out. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Readonly<Record<string, string | boolean | undefined>> = {},
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
