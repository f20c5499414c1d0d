import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import { MODEL_SOURCES } from '../../src/core/names';
import type { ModelSelection } from '../../src/core/schemas/appState';
import type { CustomModelRow, ModelsView, PanelSession } from '../../src/core/panel/views';
import { h, icon } from '../controls/dom';
import { relativeBeside, resolveBeside, samePath } from '../controls/paths';
import { appOptionsOf, isReadOnly } from '../controls/session';
import { createTable, tableRow, type Table } from '../controls/table';
import type { CardContext } from './context';

// The model: a pretrained one from the framework's models.json, or a checkpoint of an earlier experiment.
// Each table is a radio group: one tab stop (the chosen row), arrow keys move between rows, and Enter,
// Space or a click chooses. app_state.json writes a custom model's experiment relative to itself.

type Row = HTMLElementTagNameMap['vscode-table-row'];

const checkpointKey = (row: Pick<CustomModelRow, 'experimentDir' | 'checkpoint'>): string =>
  `${row.experimentDir}::${row.checkpoint}`;

function describe(
  model: ModelSelection | undefined,
  models: ModelsView | undefined,
  session: PanelSession,
): string {
  if (model === undefined) return 'No model chosen yet.';
  if (model.source === MODEL_SOURCES.pretrained) return `Chosen: ${model.model_name} (pretrained)`;
  const dir = resolveBeside(session.appStateFile, model.experiment);
  const row = models?.custom.find(
    (each) => samePath(each.experimentDir, dir) && each.checkpoint === model.checkpoint,
  );
  return `Chosen: checkpoint ${model.checkpoint} of experiment ${row?.experimentName ?? model.experiment}`;
}

/** Whether a row is the session's model. */
function isChosen(row: Row, model: ModelSelection | undefined, session: PanelSession): boolean {
  if (model === undefined) return false;
  if (model.source === MODEL_SOURCES.pretrained) return row.dataset.model === model.model_name;
  const [dir, checkpoint] = [row.dataset.experimentDir, row.dataset.checkpointName];
  return (
    dir !== undefined &&
    checkpoint === model.checkpoint &&
    samePath(dir, resolveBeside(session.appStateFile, model.experiment))
  );
}

function radioGroup(table: Table, label: string): void {
  table.body.setAttribute('role', 'radiogroup');
  table.body.setAttribute('aria-label', label);
}

function radioRow(attributes: Record<string, string>, cells: readonly (Node | string)[]): Row {
  return tableRow({ ...attributes, role: 'radio', 'aria-checked': 'false', tabindex: '-1' }, cells);
}

export function createModelCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const pretrained = createTable('models-pretrained', 'Pretrained models');
  const custom = createTable('models-custom', 'Custom models');
  radioGroup(pretrained, 'Pretrained models');
  radioGroup(custom, 'Custom models');
  custom.setColumns(['Experiment', 'Checkpoint', 'Task', 'Model']);
  const customHeader = h('vscode-tab-header', { id: 'model-tab-custom' }, 'Custom models');
  const customPanel = h('vscode-tab-panel', {}, custom.table);
  const customEmpty = h('p', { class: 'hint', hidden: true }, 'No earlier experiment has a checkpoint yet.');
  customPanel.append(customEmpty);
  const tabs = h(
    'vscode-tabs',
    { id: 'model-tabs' },
    h('vscode-tab-header', { id: 'model-tab-pretrained' }, 'Pretrained models'),
    h('vscode-tab-panel', {}, pretrained.table),
    customHeader,
    customPanel,
  );
  const error = h('p', { id: 'models-error', class: 'problem', role: 'alert', hidden: true });
  const selected = h('p', { id: 'model-selected', 'aria-live': 'polite' });
  frame.body.append(error, tabs, selected);
  let modelsKey = '';
  let tabChosen = false;

  const rows = (): Row[] => [...tabs.querySelectorAll<Row>('vscode-table-row[role="radio"]')];

  const renderRows = (models: ModelsView): void => {
    const key = JSON.stringify(models);
    if (key === modelsKey) return;
    modelsKey = key;
    pretrained.setColumns(['Model', ...models.columns]);
    pretrained.setRows(
      models.pretrained.map((model) =>
        radioRow({ 'data-model': model.name }, [
          model.name,
          ...models.columns.map((column) => model.columns[column] ?? ''),
        ]),
      ),
    );
    custom.setRows(
      models.custom.map((row) =>
        radioRow(
          {
            'data-checkpoint': checkpointKey(row),
            'data-experiment-dir': row.experimentDir,
            'data-checkpoint-name': row.checkpoint,
          },
          [
            row.experimentName,
            h('span', {}, row.checkpoint, row.best && ' ', row.best && h('vscode-badge', {}, 'best')),
            row.task ?? '',
            row.model ?? '',
          ],
        ),
      ),
    );
    customEmpty.hidden = models.custom.length > 0;
    error.hidden = models.error === undefined;
    error.replaceChildren(icon('error', 'Error'), ` ${models.error ?? ''}`);
  };

  const render = (): void => {
    const session = store.latest('session')?.session;
    const models = store.latest('models')?.models;
    if (models !== undefined) renderRows(models);
    if (session === undefined) return;
    const model = session.settings.model;
    const readOnly = isReadOnly(session);
    const all = rows();
    for (const row of all) {
      row.setAttribute('aria-checked', String(isChosen(row, model, session)));
      row.setAttribute('aria-disabled', String(readOnly));
    }
    // One tab stop per group: the chosen row, or the first.
    for (const group of [pretrained.body, custom.body]) {
      const groupRows = all.filter((row) => group.contains(row));
      const stop = groupRows.find((row) => row.getAttribute('aria-checked') === 'true') ?? groupRows[0];
      for (const row of groupRows) row.tabIndex = row === stop ? 0 : -1;
    }
    // A hidden tab would still be in the tab list's keyboard order, so it leaves the DOM instead.
    const showCustom = appOptionsOf(session).model_selector.show_custom;
    if (showCustom && !customHeader.isConnected) tabs.append(customHeader, customPanel);
    if (!showCustom && customHeader.isConnected) {
      tabs.selectedIndex = 0;
      customHeader.remove();
      customPanel.remove();
    }
    if (!tabChosen && models !== undefined) {
      tabChosen = true;
      if (showCustom && model?.source === MODEL_SOURCES.custom) tabs.selectedIndex = 1;
    }
    selected.textContent = describe(model, models, session);
  };
  store.follow('session', render);
  store.follow('models', render);

  const choose = (row: Row): void => {
    const session = store.latest('session')?.session;
    if (session === undefined || isReadOnly(session) || row.getAttribute('aria-checked') === 'true') return;
    const { model, experimentDir, checkpointName } = row.dataset;
    const value: ModelSelection | undefined =
      model !== undefined
        ? { source: MODEL_SOURCES.pretrained, model_name: model }
        : experimentDir !== undefined && checkpointName !== undefined
          ? {
              source: MODEL_SOURCES.custom,
              experiment: relativeBeside(session.appStateFile, experimentDir),
              checkpoint: checkpointName,
            }
          : undefined;
    if (value !== undefined) post({ type: 'edit', edit: { field: 'model', value } });
  };
  const rowOf = (event: Event): Row | undefined =>
    (event.target as Element).closest<Row>('vscode-table-row[role="radio"]') ?? undefined;
  tabs.addEventListener('click', (event) => {
    const row = rowOf(event);
    if (row === undefined) return;
    row.focus();
    choose(row);
  });
  tabs.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (row === undefined) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(row);
      return;
    }
    const siblings = [...(row.parentElement?.children ?? [])].filter(
      (each): each is Row => each.getAttribute('role') === 'radio',
    );
    const at = siblings.indexOf(row);
    const target = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: siblings.length - 1 }[event.key];
    const next =
      target === undefined ? undefined : siblings[Math.max(0, Math.min(siblings.length - 1, target))];
    if (next === undefined) return;
    event.preventDefault();
    row.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}
