import { h } from './dom';

// A vscode-table with a header row; rows are replaced as a whole when their data changes.

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
  attributes: Readonly<Record<string, string | boolean | undefined>>,
  cells: readonly (Node | string)[],
): HTMLElementTagNameMap['vscode-table-row'] {
  return h('vscode-table-row', attributes, ...cells.map((cell) => h('vscode-table-cell', {}, cell)));
}
