import { h, hasFocus } from './dom';

// Form rows shared by the setup cards: a visible label bound to its control, an optional helper line, and
// value updates that leave a control the user is working in alone.

export interface Field {
  readonly root: HTMLElement;
  /** Shows `message` under the control (announced as an alert), or clears it. */
  setMessage(message: string | undefined): void;
}

/** A `vscode-label for=` above `control` (which needs an id) and a message line it is described by. */
export function labelledField(label: string, control: HTMLElement): Field {
  const labelElement = h('vscode-label', { for: control.id }, label);
  const message = h('p', {
    id: `${control.id}-message`,
    class: 'field-message',
    role: 'alert',
    hidden: true,
  });
  control.setAttribute('aria-describedby', message.id);
  return {
    root: h('div', { class: 'field' }, labelElement, control, message),
    setMessage(text) {
      message.hidden = text === undefined;
      message.textContent = text ?? '';
    },
  };
}

interface TextControl extends HTMLElement {
  value: string;
  readonly wrappedElement: HTMLInputElement | HTMLTextAreaElement;
}

/**
 * Puts the file's value into a text control without disturbing someone typing in it: a control with text
 * the host has not seen yet keeps it, focused or not (Tab may move on before a debounced edit is posted),
 * and a focused one keeps its caret.
 */
export function syncText(control: TextControl, value: string, unsent: boolean): void {
  if (control.value === value || unsent) return;
  const inner = control.wrappedElement as HTMLInputElement | HTMLTextAreaElement | null;
  const focused = inner !== null && hasFocus(control);
  const start = focused ? inner.selectionStart : null;
  const end = focused ? inner.selectionEnd : null;
  control.value = value;
  if (focused && start !== null && end !== null && inner.type !== 'number') {
    inner.setSelectionRange(Math.min(start, value.length), Math.min(end, value.length));
  }
}

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

type SelectElement =
  HTMLElementTagNameMap['vscode-single-select'] | HTMLElementTagNameMap['vscode-multi-select'];
const optionKeys = new WeakMap<SelectElement, string>();

/**
 * Gives a select these choices, rebuilding its options only when they change (an open dropdown survives a
 * re-render), and marks `selected` as chosen.
 */
export function setChoices(
  select: SelectElement,
  choices: readonly Choice[],
  selected: readonly string[],
): void {
  const key = JSON.stringify(choices);
  if (optionKeys.get(select) !== key) {
    optionKeys.set(select, key);
    select.replaceChildren(
      ...choices.map((choice) =>
        h(
          'vscode-option',
          { value: choice.value, description: choice.description, selected: selected.includes(choice.value) },
          choice.label,
        ),
      ),
    );
  }
  for (const option of select.querySelectorAll('vscode-option')) {
    option.selected = selected.includes(option.value ?? '');
  }
  if (isMultiSelect(select)) select.value = [...selected];
  else select.value = selected[0] ?? '';
}

const isMultiSelect = (select: SelectElement): select is HTMLElementTagNameMap['vscode-multi-select'] =>
  select.localName === 'vscode-multi-select';
