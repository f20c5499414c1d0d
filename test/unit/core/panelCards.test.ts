import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardStates, SETUP_CARDS, type PanelFacts } from '../../../src/core/panel/cards';
import type { PanelSession } from '../../../src/core/panel/views';
import { AppOptions } from '../../../src/core/schemas/appOptions';
import { RunOptions } from '../../../src/core/schemas/appState';

// Which cards show, which are editable and which are done, for the facts the panel has.

function session(
  appOptions: Record<string, unknown> = {},
  overrides: Partial<PanelSession> = {},
): PanelSession {
  return {
    mode: 'edit',
    appStateFile: '/ws/app_state.json',
    appStateLabel: 'app_state.json',
    settings: {
      project: 'shapes',
      classes: [],
      model: { source: 'Pretrained models', model_name: 'CenterNet-S' },
      hyperparameters: '',
      options: RunOptions.parse({}),
    },
    problems: [],
    framework: { name: 'tfjs', appOptions: AppOptions.parse(appOptions), devices: [] },
    trusted: true,
    ...overrides,
  };
}

const project: PanelFacts['project'] = {
  status: 'ready',
  view: {
    path: '/ws/shapes',
    label: 'shapes',
    format: 'supervisely',
    images: 10,
    objects: 20,
    classes: [{ name: 'square', shape: 'rectangle', objects: 20, images: 10, color: '#E62828' }],
    datasets: [{ name: 'a', images: 10 }],
    imageTags: [],
    collections: [],
    problems: 0,
  },
};

const ready: PanelFacts = {
  session: session(),
  project,
  splitPreview: { status: 'ready', train: 8, val: 2 },
  hyperparameterDiagnostics: [],
};

describe('cardStates', () => {
  it('gates every setup card and Run on the first card that is not done, and says which', () => {
    const states = cardStates({ session: session(), project: { status: 'loading', path: '/ws/shapes' } });
    assert.deepEqual(states.project, {
      visible: true,
      enabled: true,
      done: false,
      problem: 'Reading the project…',
      collapsible: false,
    });
    for (const card of ['split', 'classes', 'model', 'hyperparameters', 'options', 'run'] as const) {
      assert.equal(states[card].enabled, false, card);
      assert.equal(states[card].waitingFor, 'project', card);
    }
    assert.equal(states.artifacts.enabled, true, 'the cards after Run follow an experiment, not the setup');
  });

  it('names the split’s problem and gates Model on it once the project is read', () => {
    const states = cardStates({ ...ready, splitPreview: { status: 'ready', train: 10, val: 0 } });
    assert.equal(states.project.done, true);
    assert.equal(states.split.problem, 'The split leaves val empty.');
    assert.equal(states.model.waitingFor, 'split');
    assert.equal(
      cardStates({ ...ready, splitPreview: { status: 'error', message: 'No tag "val".' } }).split.problem,
      'No tag "val".',
    );
  });

  it('enables everything when each setup card is done', () => {
    const states = cardStates(ready);
    for (const card of [...SETUP_CARDS, 'run'] as const) {
      assert.equal(states[card].enabled, true, card);
      assert.equal(states[card].done, true, card);
    }
  });

  it('keeps a live run’s card usable when a setup card stops being done under it', () => {
    const broken: PanelFacts = { ...ready, splitPreview: { status: 'error', message: 'No tag "val".' } };
    assert.equal(cardStates(broken).run.enabled, false);
    const run = {
      experiment: {
        dir: '/ws/experiments/shapes/1_tfjs',
        name: 'shapes',
        status: 'running',
        project: '/ws/shapes',
      },
      live: true,
      phase: 'training',
    } as const;
    assert.equal(cardStates({ ...broken, run }).run.enabled, true, 'Stop must stay clickable');
    assert.equal(cardStates({ ...broken, run: { ...run, live: false } }).run.enabled, false);
  });

  it('is not done on a hyperparameter error (line 1-based), and passes warnings', () => {
    const diagnostic = { line: 2, column: 0, endLine: 2, endColumn: 3, message: 'epochs must be a number' };
    const withError = cardStates({
      ...ready,
      hyperparameterDiagnostics: [{ ...diagnostic, severity: 'error' }],
    });
    assert.equal(withError.hyperparameters.problem, 'Line 3: epochs must be a number');
    assert.equal(withError.options.waitingFor, 'hyperparameters');
    assert.equal(
      cardStates({ ...ready, hyperparameterDiagnostics: [{ ...diagnostic, severity: 'warning' }] })
        .hyperparameters.done,
      true,
    );
  });

  it('asks for a model when app_state has none, and for classes the project does not have', () => {
    const noModel = session();
    const settings = { ...noModel.settings };
    delete settings.model;
    assert.equal(
      cardStates({ ...ready, session: { ...noModel, settings } }).model.problem,
      'Choose a model.',
    );
    const unknown = session({}, { settings: { ...noModel.settings, classes: ['square', 'circle'] } });
    const states = cardStates({ ...ready, session: unknown });
    assert.equal(states.classes.problem, "The project has no class 'circle'; select the classes again.");
    assert.equal(states.model.waitingFor, 'classes');
  });

  it('puts a problem the host found in app_state.json on its card, before anything else', () => {
    const withProblem = session(
      {},
      { problems: [{ card: 'split', field: 'train_val_split.percent', message: 'must be below 100' }] },
    );
    assert.equal(
      cardStates({ ...ready, session: withProblem }).split.problem,
      'train_val_split.percent: must be below 100',
    );
  });

  it('hides the cards app_options switch off, and does not gate on a hidden card', () => {
    const options = {
      train_val_splits_selector: { enabled: false },
      classes_selector: { enabled: false },
      model_selector: { enabled: false },
      model_benchmark: false,
    };
    const states = cardStates({ session: session(options), project });
    for (const card of ['split', 'classes', 'model', 'evaluation'] as const)
      assert.equal(states[card].visible, false, card);
    assert.equal(states.hyperparameters.enabled, true, 'the hidden split does not hold it back');
  });

  it('makes every card collapsible with app_options collapsable', () => {
    assert.equal(cardStates({ ...ready, session: session({ collapsable: true }) }).model.collapsible, true);
    assert.equal(cardStates({}).model.collapsible, false);
  });
});
