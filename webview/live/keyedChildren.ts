// Lists that a run rewrites while people use them (experiments to compare, artifact files) are updated row
// by row instead of rebuilt: a rebuilt row is a new element, and the keyboard focus on the old one is lost
// every time the host sends the list again, which during a run is every few seconds.

export interface KeyedChildren<Item> {
  /** The item's identity across updates (an experiment folder, a relative path). */
  readonly key: (item: Item) => string;
  readonly create: (item: Item) => HTMLElement;
  /** Brings an existing element up to date with its item, in place. */
  readonly update: (element: HTMLElement, item: Item) => void;
}

/**
 * Returns `render(items)`, which makes `parent`'s children one element per item, in the items' order:
 * elements of keys seen before are kept (and updated), new keys get new elements, and gone keys' elements
 * are removed. Only elements out of place are moved, so an element whose neighbours change keeps its focus.
 */
export function keyedChildren<Item>(
  parent: HTMLElement,
  children: KeyedChildren<Item>,
): (items: readonly Item[]) => void {
  let elements = new Map<string, HTMLElement>();
  return (items) => {
    const next = new Map<string, HTMLElement>();
    for (const item of items) {
      const key = children.key(item);
      const existing = elements.get(key);
      if (existing === undefined) next.set(key, children.create(item));
      else {
        children.update(existing, item);
        next.set(key, existing);
      }
    }
    for (const [key, element] of elements) if (!next.has(key)) element.remove();
    [...next.values()].forEach((element, index) => {
      const current = parent.children[index];
      if (current !== element) parent.insertBefore(element, current ?? null);
    });
    elements = next;
  };
}

/** Sets a node's text only when it changed, so an unchanged row is left untouched. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
