import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { Shape } from '../../src/core/names';
import type { ClassRow, ConversionPreview } from '../../src/core/panel/views';
import { h, icon } from '../controls/dom';
import { isReadOnly, setDisabled } from '../controls/session';
import { createTable, tableRow } from '../controls/table';
import type { CardContext } from './context';

// The project's classes: which to train on, and what the model's task will make of each one's shape.
// app_state.json lists the selected classes, an empty list meaning all; the card posts the empty list when
// every class is checked, so a class added to the project later is trained on too.

const SHAPE_ICONS: Readonly<Record<Shape, string>> = {
  rectangle: 'primitive-square',
  polygon: 'triangle-up',
  bitmap: 'paintcan',
  line: 'dash',
  point: 'circle-small-filled',
  graph: 'type-hierarchy',
  multipolygon: 'layers',
  any: 'symbol-misc',
  alpha_mask: 'color-mode',
  oriented_bbox: 'primitive-square',
  cuboid_3d: 'package',
  point_cloud: 'record-small',
};

function shapeCell(shape: Shape): Node {
  return h('span', { class: 'shape' }, icon(SHAPE_ICONS[shape]), ` ${shape}`);
}

function colourCell(color: string): Node {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  // The CSP forbids style attributes in markup, not the CSSOM.
  swatch.style.backgroundColor = color;
  return h('span', { class: 'colour' }, swatch, ` ${color}`);
}

function previewItem(row: ConversionPreview['rows'][number]): HTMLElement {
  const what = `${row.className} (${row.shape}, ${String(row.objects)} objects)`;
  switch (row.outcome) {
    case 'kept':
      return h('li', {}, icon('check', 'Kept'), ` ${what}: kept`);
    case 'converted':
      return h('li', {}, icon('arrow-right', 'Converted'), ` ${what} → ${row.target ?? 'converted'}`);
    case 'dropped':
      return h(
        'li',
        {},
        icon('warning', 'Dropped'),
        ` ${what}: dropped${row.reason === undefined ? '' : `: ${row.reason}`}`,
      );
  }
}

export function createClassesCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const table = createTable('classes-table', 'Classes of the project');
  table.setColumns(['Train', 'Name', 'Shape', 'Objects', 'Images', 'Colour']);
  const selectAll = h('vscode-button', { id: 'classes-select-all', secondary: true }, 'Select all');
  const selectNone = h('vscode-button', { id: 'classes-select-none', secondary: true }, 'Select none');
  const message = h('p', { id: 'classes-message', class: 'field-message', role: 'alert', hidden: true });
  const previewList = h('ul', { class: 'plain-list' });
  const previewHeading = h('h3', { id: 'conversion-preview-title' });
  const preview = h(
    'section',
    { id: 'conversion-preview', 'aria-labelledby': previewHeading.id, hidden: true },
    previewHeading,
    previewList,
  );
  frame.body.append(h('div', { class: 'row' }, selectAll, selectNone), table.table, message, preview);
  let rowsKey = '';

  const checkboxes = (): HTMLElementTagNameMap['vscode-checkbox'][] => [
    ...table.body.querySelectorAll<HTMLElementTagNameMap['vscode-checkbox']>('vscode-checkbox[data-class]'),
  ];
  const projectClasses = (): readonly ClassRow[] => {
    const project = store.latest('project')?.state;
    return project?.status === 'ready' ? project.view.classes : [];
  };

  const render = (): void => {
    const session = store.latest('session')?.session;
    const classes = projectClasses();
    const key = JSON.stringify(classes);
    if (key !== rowsKey) {
      rowsKey = key;
      table.setRows(
        classes.map((row) => {
          const checkbox = h('vscode-checkbox', {
            'data-class': row.name,
            'aria-label': `Train on ${row.name}`,
          });
          return tableRow({}, [
            checkbox,
            row.name,
            shapeCell(row.shape),
            String(row.objects),
            String(row.images),
            colourCell(row.color),
          ]);
        }),
      );
    }
    const selected = session?.settings.classes ?? [];
    for (const checkbox of checkboxes()) {
      checkbox.checked = selected.length === 0 || selected.includes(checkbox.dataset.class ?? '');
    }
    message.hidden = true;
    setDisabled([...checkboxes(), selectAll, selectNone], isReadOnly(session));
  };
  store.follow('session', render);
  store.follow('project', render);
  store.follow('conversionPreview', ({ preview: conversion }) => {
    preview.hidden = conversion === null;
    if (conversion === null) return;
    previewHeading.textContent = `What ${conversion.taskType} makes of the selected classes`;
    previewList.replaceChildren(...conversion.rows.map(previewItem));
  });

  /** Posts the checked classes; none checked cannot be written (an empty list means all), so it says so. */
  const postChecked = (): void => {
    const boxes = checkboxes();
    const checked = boxes.filter((box) => box.checked).map((box) => box.dataset.class ?? '');
    message.hidden = checked.length > 0;
    message.textContent = 'Select at least one class to train on.';
    if (checked.length === 0) return;
    post({ type: 'edit', edit: { field: 'classes', value: checked.length === boxes.length ? [] : checked } });
  };
  table.body.addEventListener('change', postChecked);
  const checkAll = (checked: boolean) => (): void => {
    for (const box of checkboxes()) box.checked = checked;
    postChecked();
  };
  selectAll.addEventListener('click', checkAll(true));
  selectNone.addEventListener('click', checkAll(false));
}
