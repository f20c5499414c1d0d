import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import { SPLIT_METHODS, UNTAGGED_ACTIONS, type SplitMethod } from '../../src/core/names';
import { TrainValSplitSettings } from '../../src/core/schemas/appState';
import type { ProjectView, SplitPreview } from '../../src/core/panel/views';
import { debounce } from '../controls/debounce';
import { h, icon } from '../controls/dom';
import { labelledField, setChoices, syncText, type Choice, type Field } from '../controls/fields';
import { appOptionsOf, isReadOnly, setDisabled } from '../controls/session';
import type { CardContext } from './context';

// The train/val split: a method (those app_options offer and the project can use) and its fields. Each
// change posts the whole split, read from the fields, and only when the schema accepts it; a field it
// rejects says why, naming the allowed range, instead of writing a bad value into app_state.json.

const METHOD_LABELS: Readonly<Record<SplitMethod, string>> = {
  random: 'Random',
  tags: 'By image tags',
  datasets: 'By datasets',
  collections: 'By collections',
};

/** The message for a field the schema rejects, by the field's key in the split settings. */
const FIELD_RULES: Readonly<Record<string, string>> = {
  percent: 'Percent must be more than 0 and less than 100.',
  seed: 'Seed must be a whole number from 0 to 4294967295.',
  train_tag: 'Choose the tag of the train images.',
  val_tag: 'Choose the tag of the val images.',
  train_datasets: 'Choose at least one dataset for train.',
  val_datasets: 'Choose at least one dataset for val.',
  train_collections: 'Choose at least one collection for train.',
  val_collections: 'Choose at least one collection for val.',
};

function supports(method: SplitMethod, project: ProjectView | undefined): boolean {
  if (project === undefined) return true;
  switch (method) {
    case 'random':
      return true;
    case 'tags':
      return project.imageTags.length > 0;
    case 'datasets':
      return project.datasets.length >= 2;
    case 'collections':
      return project.collections.length > 0;
  }
}

/** The split a newly chosen method starts with: the schema's defaults, and the project's first names. */
function startingSplit(method: SplitMethod, project: ProjectView | undefined): unknown {
  const pick = (names: readonly string[], preferred: RegExp, fallback: number) =>
    names.find((name) => preferred.test(name)) ?? names[fallback] ?? names[0];
  switch (method) {
    case 'random':
      return { method };
    case 'tags': {
      const tags = project?.imageTags ?? [];
      return { method, train_tag: pick(tags, /^train/i, 0), val_tag: pick(tags, /^val/i, 1) };
    }
    case 'datasets': {
      const names = project?.datasets.map((dataset) => dataset.name) ?? [];
      return { method, train_datasets: [names[0]], val_datasets: [names[1] ?? names[0]] };
    }
    case 'collections': {
      const names = project?.collections ?? [];
      return {
        method,
        train_collections: [pick(names, /train/i, 0)],
        val_collections: [pick(names, /val/i, 1)],
      };
    }
  }
}

type Control =
  | HTMLElementTagNameMap['vscode-textfield']
  | HTMLElementTagNameMap['vscode-single-select']
  | HTMLElementTagNameMap['vscode-multi-select']
  | HTMLElementTagNameMap['vscode-checkbox'];

/** The fields of one method: what they hold now, and how to show the file's split in them. */
interface MethodFields {
  readonly fields: ReadonlyMap<string, { field: Field; control: Control }>;
  readonly root: HTMLElement;
  read(): Record<string, unknown>;
  show(split: TrainValSplitSettings, unsent: boolean): void;
}

const namesAsChoices = (names: readonly string[]): Choice[] =>
  names.map((name) => ({ value: name, label: name }));

function fieldsOf(method: SplitMethod, project: ProjectView | undefined): MethodFields {
  const fields = new Map<string, { field: Field; control: Control }>();
  const add = (key: string, label: string, control: Control): void => {
    fields.set(key, { field: labelledField(label, control), control });
  };
  const root = h('div', { class: 'split-fields' });
  const single = (id: string) => h('vscode-single-select', { id });
  const multi = (id: string) => h('vscode-multi-select', { id });
  switch (method) {
    case 'random': {
      const percent = h('vscode-textfield', { id: 'split-percent', type: 'number', step: 'any' });
      const percentOf = single('split-percent-of');
      setChoices(
        percentOf,
        [
          { value: 'train', label: 'Train' },
          { value: 'val', label: 'Val' },
        ],
        ['train'],
      );
      const seed = h('vscode-textfield', { id: 'split-seed', type: 'number', step: '1' });
      const stratify = h('vscode-checkbox', {
        id: 'split-stratify',
        label: 'Keep each class’s share the same in train and val',
      });
      add('percent', 'Percent of the images', percent);
      add('split', 'That go to', percentOf);
      add('seed', 'Seed of the shuffle', seed);
      root.append(...[...fields.values()].map(({ field }) => field.root), stratify);
      return {
        fields,
        root,
        read: () => ({
          method,
          split: percentOf.value,
          percent: percent.value.trim() === '' ? Number.NaN : Number(percent.value),
          seed: seed.value.trim() === '' ? Number.NaN : Number(seed.value),
          stratify: stratify.checked,
        }),
        show(split, unsent) {
          if (split.method !== 'random') return;
          syncText(percent, String(split.percent), unsent || percent.invalid);
          syncText(seed, String(split.seed), unsent || seed.invalid);
          setChoices(
            percentOf,
            [
              { value: 'train', label: 'Train' },
              { value: 'val', label: 'Val' },
            ],
            [split.split],
          );
          stratify.checked = split.stratify;
        },
      };
    }
    case 'tags': {
      const tags = namesAsChoices(project?.imageTags ?? []);
      const untaggedChoices: Choice[] = [
        { value: UNTAGGED_ACTIONS.ignore, label: 'Leave them out' },
        { value: UNTAGGED_ACTIONS.train, label: 'Put them in train' },
        { value: UNTAGGED_ACTIONS.val, label: 'Put them in val' },
      ];
      const [train, val, untagged] = [
        single('split-train-tag'),
        single('split-val-tag'),
        single('split-untagged'),
      ];
      add('train_tag', 'Tag of the train images', train);
      add('val_tag', 'Tag of the val images', val);
      add('untagged_action', 'Images with neither tag', untagged);
      root.append(...[...fields.values()].map(({ field }) => field.root));
      return {
        fields,
        root,
        read: () => ({ method, train_tag: train.value, val_tag: val.value, untagged_action: untagged.value }),
        show(split) {
          if (split.method !== 'tags') return;
          setChoices(train, tags, [split.train_tag]);
          setChoices(val, tags, [split.val_tag]);
          setChoices(untagged, untaggedChoices, [split.untagged_action]);
        },
      };
    }
    case 'datasets':
    case 'collections': {
      const names = namesAsChoices(
        method === 'datasets'
          ? (project?.datasets.map((dataset) => dataset.name) ?? [])
          : (project?.collections ?? []),
      );
      const [train, val] = [multi(`split-train-${method}`), multi(`split-val-${method}`)];
      add(`train_${method}`, `Train ${method}`, train);
      add(`val_${method}`, `Val ${method}`, val);
      root.append(...[...fields.values()].map(({ field }) => field.root));
      return {
        fields,
        root,
        read: () => ({ method, [`train_${method}`]: train.value, [`val_${method}`]: val.value }),
        show(split) {
          if (split.method === 'datasets') {
            setChoices(train, names, split.train_datasets);
            setChoices(val, names, split.val_datasets);
          } else if (split.method === 'collections') {
            setChoices(train, names, split.train_collections);
            setChoices(val, names, split.val_collections);
          }
        },
      };
    }
  }
}

function countsOf(preview: SplitPreview | null | undefined): (Node | string)[] {
  if (preview === null || preview === undefined) return [];
  if (preview.status === 'error') return [icon('error', 'Error'), ` ${preview.message}`];
  return [`Train ${String(preview.train)} · Val ${String(preview.val)}`];
}

export function createSplitCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const methodSelect = h('vscode-single-select', { id: 'split-method' });
  const methodField = labelledField('Method', methodSelect);
  const fieldsHolder = h('div');
  const counts = h('p', { id: 'split-counts', class: 'counts', 'aria-live': 'polite' });
  frame.body.append(methodField.root, fieldsHolder, counts);
  let current: { key: string; method: MethodFields } | undefined;

  const projectView = (): ProjectView | undefined => {
    const project = store.latest('project')?.state;
    return project?.status === 'ready' ? project.view : undefined;
  };

  /** Posts the fields' split when the schema takes it; otherwise says, on each field it rejects, why. */
  const postFields = (): void => {
    if (current === undefined) return;
    const parsed = TrainValSplitSettings.safeParse(current.method.read());
    const rejected = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])));
    for (const [key, { field, control }] of current.method.fields) {
      const message = rejected.has(key) ? (FIELD_RULES[key] ?? `Check ${key}.`) : undefined;
      field.setMessage(message);
      if (control.localName === 'vscode-textfield') {
        const textfield = control as HTMLElementTagNameMap['vscode-textfield'];
        textfield.wrappedElement.setCustomValidity(message ?? '');
        textfield.checkValidity();
        textfield.invalid = message !== undefined;
      }
    }
    if (parsed.success) post({ type: 'edit', edit: { field: 'split', value: parsed.data } });
  };
  const postTyped = debounce(postFields);

  const render = (): void => {
    const session = store.latest('session')?.session;
    const split = session?.settings.split;
    const project = projectView();
    const offered = appOptionsOf(session).train_val_splits_selector.methods.filter(
      (method) => supports(method, project) || method === split?.method,
    );
    setChoices(
      methodSelect,
      offered.map((method) => ({ value: method, label: METHOD_LABELS[method] })),
      split === undefined ? [] : [split.method],
    );
    const method = split?.method ?? SPLIT_METHODS.random;
    const key = JSON.stringify([method, project?.imageTags, project?.datasets, project?.collections]);
    if (current?.key !== key) {
      postTyped.cancel();
      current = { key, method: fieldsOf(method, project) };
      fieldsHolder.replaceChildren(current.method.root);
    }
    if (split !== undefined) current.method.show(split, postTyped.pending());
    const controls = [methodSelect, ...[...current.method.fields.values()].map(({ control }) => control)];
    setDisabled([...controls, ...fieldsHolder.querySelectorAll('vscode-checkbox')], isReadOnly(session));
  };
  store.follow('session', render);
  store.follow('project', render);
  store.follow('splitPreview', ({ preview }) => {
    counts.replaceChildren(...countsOf(preview));
  });

  methodSelect.addEventListener('change', () => {
    const method = methodSelect.value as SplitMethod;
    methodField.setMessage(undefined);
    if (method === store.latest('session')?.session.settings.split?.method) return;
    const parsed = TrainValSplitSettings.safeParse(startingSplit(method, projectView()));
    if (parsed.success) post({ type: 'edit', edit: { field: 'split', value: parsed.data } });
    else
      methodField.setMessage(`The project has nothing to split ${METHOD_LABELS[method].toLowerCase()} by.`);
  });
  // Text posts after a pause in typing; a choice posts at once (with whatever text the fields hold).
  fieldsHolder.addEventListener('input', (event) => {
    if ((event.target as Element).localName === 'vscode-textfield') postTyped();
  });
  fieldsHolder.addEventListener('change', (event) => {
    if ((event.target as Element).localName === 'vscode-textfield') return;
    postTyped.cancel();
    postFields();
  });
}
