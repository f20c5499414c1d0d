import { h, type Attributes } from './dom';

// The panel's tables. Rows people choose from (classes, models) are vscode-tables that follow the theme and
// keep their element while rows are replaced; figures people only read (evaluation, comparison, artifacts)
// are plain tables, whose caption, th scopes and row headers screen readers announce.

export interface Table {
  readonly table: HTMLElementTagNameMap['vscode-table'];
  readonly body: HTMLElementTagNameMap['vscode-table-body'];
  setColumns(columns: readonly string[]): void;
  setRows(rows: readonly HTMLElementTagNameMap['vscode-table-row'][]): void;
}

export function createTable(id: string, label: string): Table {
  const header = h('vscode-table-header', { slot: 'header' });
  const body = h('vscode-table-body', { slot: 'body' });
  const table = h(
    'vscode-table',
    { id, 'aria-label': label, zebra: true, 'bordered-rows': true },
    header,
    body,
  );
  let columnsKey = '';
  return {
    table,
    body,
    setColumns(columns) {
      const key = JSON.stringify(columns);
      if (key === columnsKey) return;
      columnsKey = key;
      header.replaceChildren(...columns.map((column) => h('vscode-table-header-cell', {}, column)));
    },
    setRows(rows) {
      body.replaceChildren(...rows);
    },
  };
}

/** A row of cells, each text or a node. */
export function tableRow(
  attributes: Attributes,
  cells: readonly (Node | string)[],
): HTMLElementTagNameMap['vscode-table-row'] {
  return h('vscode-table-row', attributes, ...cells.map((cell) => h('vscode-table-cell', {}, cell)));
}

/** A read-only table with a caption read by screen readers, a header row, and the given body rows. */
export function dataTable(
  attributes: Attributes,
  caption: string,
  headers: readonly string[],
  rows: readonly HTMLTableRowElement[],
): HTMLTableElement {
  const head = h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text))));
  return h(
    'table',
    { class: 'live-table', ...attributes },
    h('caption', { class: 'visually-hidden' }, caption),
    head,
    h('tbody', {}, ...rows),
  );
}
