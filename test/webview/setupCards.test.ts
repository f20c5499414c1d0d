import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { PanelEdit, WebviewToHostMessage } from '../../src/core/panel/messages';
import { MODEL_SOURCES } from '../../src/core/names';
import { RunOptions } from '../../src/core/schemas/appState';
import {
  EXPERIMENT_DIRS,
  SAMPLE_HYPERPARAMETERS,
  SHAPES_PROJECT,
  candidatesMessage,
  diagnosticsMessage,
  modelsMessage,
  projectMessage,
  sampleSetupMessages,
  sessionMessage,
  splitPreviewMessage,
  type SessionOverrides,
} from './fixtures';
import { openPanelPage, pollPage, type PanelPage } from './harness';

// The six setup cards in a real browser on the production page: what they show for the host's messages,
// the edits they post (exact payloads), gating, read-only sessions, app_options, and the CSP.

/** Waits until `expression` is true in the page. */
const until = (panel: PanelPage, expression: string): Promise<void> =>
  pollPage(panel.page, `Boolean(${expression})`);

async function openWith(session: SessionOverrides = {}): Promise<PanelPage> {
  const panel = await openPanelPage();
  for (const message of sampleSetupMessages(session)) await panel.send(message);
  await until(panel, `document.querySelector('#model-selected').textContent.startsWith('Chosen')`);
  return panel;
}

const edits = async (panel: PanelPage): Promise<PanelEdit[]> =>
  (await panel.posted()).flatMap((message: WebviewToHostMessage) =>
    message.type === 'edit' ? [message.edit] : [],
  );

async function waitForEdit(panel: PanelPage, field: PanelEdit['field']): Promise<PanelEdit> {
  await until(panel, `window.posted.some((m) => m.type === 'edit' && m.edit.field === '${field}')`);
  const found = (await edits(panel)).findLast((edit) => edit.field === field);
  assert.ok(found);
  return found;
}

async function chooseOption(panel: PanelPage, select: string, label: string): Promise<void> {
  await panel.page.locator(select).click();
  await panel.page.locator(`${select} li[role="option"]`, { hasText: label }).click();
}

/** A property of the element `selector` finds, read in the page. */
const property = (panel: PanelPage, selector: string, name: string): Promise<unknown> =>
  panel.page.evaluate(`document.querySelector(${JSON.stringify(selector)})[${JSON.stringify(name)}]`);

/** The text of the one element `selector` finds (strict: it fails on none or several), spaces collapsed. */
async function text(panel: PanelPage, selector: string): Promise<string> {
  const content = await panel.page.locator(selector).textContent();
  return (content ?? '').replace(/\s+/g, ' ').trim();
}

/** The values of the options of a select. */
const optionValues = (panel: PanelPage, select: string): Promise<string[]> =>
  panel.page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(`${select} vscode-option`)})].map((option) => option.getAttribute('value'))`,
  );

describe('the setup cards', () => {
  let panel: PanelPage;

  before(async () => {
    panel = await openWith();
  });
  beforeEach(async () => {
    await panel.page.evaluate('window.posted.length = 0');
  });
  after(async () => {
    await panel.close();
  });

  it('show the project, its statistics and the split counts from the host’s messages', async () => {
    // app_state.json says `shapes`, relative to its own folder; the select holds the absolute candidate.
    assert.equal(await property(panel, '#project-select', 'value'), SHAPES_PROJECT);
    const stats = await text(panel, '#project-stats');
    for (const fact of [
      'Formatsupervisely',
      'Images120',
      'Objects349',
      'train_a (60), train_b (60)',
      'Skipped files0',
    ]) {
      assert.ok(stats.replaceAll(' ', '').includes(fact.replaceAll(' ', '')), `${fact} in ${stats}`);
    }
    assert.equal(await text(panel, '#split-counts'), 'Train 96 · Val 24');
    assert.equal(await property(panel, '#split-percent', 'value'), '80');
  });

  it('lists the classes with their shape, counts and colour, checking the selected ones', async () => {
    const rows = await panel.page.evaluate<[string, boolean, string, string, string][]>(`
      [...document.querySelectorAll('#classes-table vscode-table-row')].map((row) => [
        row.querySelector('vscode-checkbox').dataset.class,
        row.querySelector('vscode-checkbox').checked,
        [...row.children].map((cell) => cell.textContent.trim()).join(' | '),
        row.querySelector('vscode-icon').getAttribute('name'),
        getComputedStyle(row.querySelector('.swatch')).backgroundColor,
      ])`);
    assert.deepEqual(rows[0], [
      'square',
      true,
      ' | square | rectangle | 78 | 58 | #E62828',
      'primitive-square',
      'rgb(230, 40, 40)',
    ]);
    assert.deepEqual(
      rows.map(([name, checked]) => [name, checked]),
      [
        ['square', true],
        ['donut', true],
        ['triangle', true],
        ['blob', true],
        ['dot', false],
      ],
    );
    const preview = await text(panel, '#conversion-preview');
    assert.match(preview, /What object detection makes of the selected classes/);
    assert.match(preview, /donut \(polygon, 61 objects\) → rectangle/);
  });

  it('posts the checked classes, the empty list for all of them, and nothing for none', async () => {
    await panel.page.locator('vscode-checkbox[data-class="blob"]').click();
    assert.deepEqual(await waitForEdit(panel, 'classes'), {
      field: 'classes',
      value: ['square', 'donut', 'triangle'],
    });
    await panel.send(sessionMessage({ settings: { classes: ['square', 'donut', 'triangle'] } }));
    await panel.page.evaluate('window.posted.length = 0');
    await panel.page.locator('#classes-select-all').click();
    assert.deepEqual(await waitForEdit(panel, 'classes'), { field: 'classes', value: [] });
    await panel.page.evaluate('window.posted.length = 0');
    await panel.page.locator('#classes-select-none').click();
    await panel.page.locator('#classes-message').waitFor({ state: 'visible' });
    assert.equal(await text(panel, '#classes-message'), 'Select at least one class to train on.');
    assert.deepEqual(await edits(panel), []);
    await panel.send(sessionMessage());
  });

  it('posts the chosen project, and asks the host for a folder dialog', async () => {
    await chooseOption(panel, '#project-select', 'test/fixtures/coco-mini');
    const edit = await waitForEdit(panel, 'project');
    assert.deepEqual(edit, { field: 'project', value: candidatesMessage().candidates[1]?.path });
    await panel.page.locator('#project-browse').click();
    await until(panel, `window.posted.some((m) => m.type === 'browseProject')`);
  });

  it('refuses a percent out of 0 < p < 100 with the range in the field’s message, and posts a good one whole', async () => {
    const percent = panel.page.locator('#split-percent input');
    await percent.fill('150');
    await panel.page.locator('#split-percent-message').waitFor({ state: 'visible' });
    const message = 'Percent must be more than 0 and less than 100.';
    assert.equal(await text(panel, '#split-percent-message'), message);
    assert.equal(await property(panel, '#split-percent', 'validationMessage'), message);
    await panel.page.waitForTimeout(500);
    assert.deepEqual(await edits(panel), [], 'an invalid percent is never posted');
    await percent.fill('100');
    await panel.page.waitForTimeout(500);
    assert.deepEqual(await edits(panel), [], '100 is out of range too');
    await percent.fill('70');
    assert.deepEqual(await waitForEdit(panel, 'split'), {
      field: 'split',
      value: { method: 'random', split: 'train', percent: 70, seed: 42, stratify: false },
    });
    assert.equal(await panel.page.locator('#split-percent-message').isHidden(), true);
    await panel.send(sessionMessage());
    await until(panel, `document.querySelector('#split-percent').value === '80'`);
  });

  it('posts one edit per pause in typing, after about 300 ms', async () => {
    const seed = panel.page.locator('#split-seed input');
    await seed.fill('7');
    await seed.pressSequentially('89', { delay: 50 });
    await panel.page.waitForTimeout(150);
    assert.deepEqual(await edits(panel), [], 'nothing before the pause');
    await panel.page.waitForTimeout(400);
    assert.deepEqual(await edits(panel), [
      {
        field: 'split',
        value: { method: 'random', split: 'train', percent: 80, seed: 789, stratify: false },
      },
    ]);
    await seed.fill('4294967296');
    await panel.page.waitForTimeout(500);
    assert.equal(
      await text(panel, '#split-seed-message'),
      'Seed must be a whole number from 0 to 4294967295.',
    );
    assert.equal((await edits(panel)).length, 1);
    await panel.send(sessionMessage());
    await seed.fill('42');
  });

  it('offers the split methods the project supports and posts a new method with its starting fields', async () => {
    const offered = await optionValues(panel, '#split-method');
    // The sample has one image tag and two datasets, but no collections.
    assert.deepEqual(offered, ['random', 'tags', 'datasets']);
    await chooseOption(panel, '#split-method', 'By datasets');
    const edit = await waitForEdit(panel, 'split');
    assert.deepEqual(edit, {
      field: 'split',
      value: { method: 'datasets', train_datasets: ['train_a'], val_datasets: ['train_b'] },
    });
    await panel.send(sessionMessage({ settings: { split: edit.value as never } }));
    await panel.page.locator('#split-train-datasets').waitFor();
    assert.deepEqual(await property(panel, '#split-val-datasets', 'value'), ['train_b']);
    await panel.send(sessionMessage());
    await panel.page.locator('#split-percent').waitFor();
  });

  it('chooses a model row with the keyboard: arrows move, Enter and Space choose', async () => {
    const chosen = panel.page.locator('[data-model="CenterNet-S"]');
    assert.equal(await chosen.getAttribute('role'), 'radio');
    assert.equal(await chosen.getAttribute('aria-checked'), 'true');
    assert.equal(await panel.page.locator('[data-model="CenterNet-M"]').getAttribute('tabindex'), '-1');
    await chosen.focus();
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await panel.page.evaluate('document.activeElement.dataset.model'), 'CenterNet-M');
    assert.deepEqual(await edits(panel), [], 'moving is not choosing');
    await panel.page.keyboard.press('Enter');
    assert.deepEqual(await waitForEdit(panel, 'model'), {
      field: 'model',
      value: { source: MODEL_SOURCES.pretrained, model_name: 'CenterNet-M' },
    });
    await panel.page.evaluate('window.posted.length = 0');
    await panel.page.locator('#model-tabs vscode-tab-header', { hasText: 'Custom models' }).click();
    const best = panel.page.locator(`[data-checkpoint="${EXPERIMENT_DIRS.first}::best.json"]`);
    assert.match(
      await text(panel, `[data-checkpoint="${EXPERIMENT_DIRS.first}::best.json"]`),
      /best\.json best/,
    );
    await best.focus();
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press(' ');
    // app_state.json writes the experiment relative to its own folder (samples/).
    assert.deepEqual(await waitForEdit(panel, 'model'), {
      field: 'model',
      value: {
        source: MODEL_SOURCES.custom,
        experiment: 'experiments/1_shapes-demo',
        checkpoint: 'last.json',
      },
    });
    const custom = {
      source: MODEL_SOURCES.custom,
      experiment: 'experiments/1_shapes-demo',
      checkpoint: 'last.json',
    } as const;
    await panel.send(sessionMessage({ settings: { model: custom } }));
    await until(
      panel,
      `document.querySelector('#model-selected').textContent === 'Chosen: checkpoint last.json of experiment shapes-demo'`,
    );
    assert.equal(
      await panel.page
        .locator(`[data-checkpoint="${EXPERIMENT_DIRS.first}::last.json"]`)
        .getAttribute('aria-checked'),
      'true',
    );
    assert.equal(await chosen.getAttribute('aria-checked'), 'false');
    await panel.send(sessionMessage());
  });

  it('shows the hyperparameter diagnostics with their 1-based position, and posts the text and "open"', async () => {
    await panel.send(
      diagnosticsMessage([
        {
          line: 0,
          column: 8,
          endLine: 0,
          endColumn: 10,
          severity: 'error',
          message: 'epochs must be a whole number',
        },
        {
          line: 3,
          column: 0,
          endLine: 3,
          endColumn: 9,
          severity: 'warning',
          message: 'Unknown key "optimiser"',
        },
      ]),
    );
    const items = await panel.page.evaluate(
      `[...document.querySelectorAll('#hyperparameters-diagnostics li')].map((item) => [item.querySelector('vscode-icon').getAttribute('name'), item.textContent.trim()])`,
    );
    assert.deepEqual(items, [
      ['error', 'Line 1, column 9: epochs must be a whole number'],
      ['warning', 'Line 4, column 1: Unknown key "optimiser"'],
    ]);
    assert.match(await text(panel, '#card-options .card-status'), /Finish Hyperparameters first/);
    await panel.send(diagnosticsMessage());
    assert.equal(await text(panel, '#hyperparameters-diagnostics'), 'No problems');
    const editor = panel.page.locator('#hyperparameters-editor textarea');
    await editor.fill('epochs: 3\n');
    assert.deepEqual(await waitForEdit(panel, 'hyperparameters'), {
      field: 'hyperparameters',
      value: 'epochs: 3\n',
    });
    await panel.page.locator('#hyperparameters-open').click();
    await until(panel, `window.posted.some((m) => m.type === 'openHyperparameters')`);
    await panel.send(sessionMessage());
  });

  it('keeps the caret and unsent text of a focused editor when a new session arrives', async () => {
    const editor = panel.page.locator('#hyperparameters-editor textarea');
    await editor.focus();
    await panel.page.evaluate(
      `document.querySelector('#hyperparameters-editor').wrappedElement.setSelectionRange(9, 9)`,
    );
    await panel.send(sessionMessage({ settings: { classes: ['square'] } }));
    const state = `(() => { const area = document.querySelector('#hyperparameters-editor').wrappedElement;
      return [area.selectionStart, area.value, document.activeElement.id, area.matches(':focus')]; })()`;
    assert.deepEqual(await panel.page.evaluate(state), [
      9,
      SAMPLE_HYPERPARAMETERS,
      'hyperparameters-editor',
      true,
    ]);
    // Text typed but not posted yet survives a session that still has the old text.
    await panel.page.keyboard.type('X');
    await panel.send(sessionMessage());
    assert.deepEqual(await panel.page.evaluate(state), [
      10,
      `${SAMPLE_HYPERPARAMETERS.slice(0, 9)}X${SAMPLE_HYPERPARAMETERS.slice(9)}`,
      'hyperparameters-editor',
      true,
    ]);
    await waitForEdit(panel, 'hyperparameters');
    await editor.blur();
    await panel.send(sessionMessage({ settings: { hyperparameters: 'epochs: 2\n' } }));
    assert.equal(await editor.inputValue(), 'epochs: 2\n', 'an unfocused editor shows the file');
    await panel.send(sessionMessage());
  });

  it('keeps unsent hyperparameters when Tab moves on before they are posted', async () => {
    const editor = panel.page.locator('#hyperparameters-editor textarea');
    await editor.focus();
    await panel.page.keyboard.press('End');
    await panel.page.keyboard.type('Y');
    await editor.blur();
    await panel.send(sessionMessage());
    assert.equal(await editor.inputValue(), `${SAMPLE_HYPERPARAMETERS}Y`, 'a session with the old text');
    assert.deepEqual(await waitForEdit(panel, 'hyperparameters'), {
      field: 'hyperparameters',
      value: `${SAMPLE_HYPERPARAMETERS}Y`,
    });
    await panel.send(sessionMessage());
    assert.equal(await editor.inputValue(), SAMPLE_HYPERPARAMETERS, 'the file wins once the edit is out');
  });

  it('posts the whole RunOptions for each option, and Automatic as a null device', async () => {
    const defaults = RunOptions.parse({});
    await panel.page.locator('#option-benchmark').click();
    assert.deepEqual(await waitForEdit(panel, 'options'), {
      field: 'options',
      value: { ...defaults, model_benchmark: { enable: false, speed_test: false } },
    });
    await panel.send(
      sessionMessage({
        settings: { options: { ...defaults, model_benchmark: { enable: false, speed_test: false } } },
      }),
    );
    await until(panel, `document.querySelector('#option-speed-test').disabled`);
    await panel.send(sessionMessage());
    await panel.page.evaluate('window.posted.length = 0');
    await panel.page.locator('#option-export-onnx').click();
    assert.deepEqual(await waitForEdit(panel, 'options'), {
      field: 'options',
      value: { ...defaults, export: { ONNXRuntime: true, TensorRT: false } },
    });
    await panel.page.evaluate('window.posted.length = 0');
    await chooseOption(panel, '#option-device', 'gpu:0');
    assert.deepEqual(await waitForEdit(panel, 'options'), {
      field: 'options',
      value: { ...defaults, device: 'gpu:0' },
    });
    await panel.send(sessionMessage({ settings: { options: { ...defaults, device: 'gpu:0' } } }));
    await panel.page.evaluate('window.posted.length = 0');
    await chooseOption(panel, '#option-device', 'Automatic');
    assert.deepEqual(await waitForEdit(panel, 'options'), {
      field: 'options',
      value: { ...defaults, device: null },
    });
    await panel.send(sessionMessage());
  });

  it('loads everything above without a single CSP violation', async () => {
    assert.deepEqual(await panel.cspViolations(), []);
  });
});

describe('setup gating and project states', () => {
  it('keeps Model inert until the project is read and the split is made, saying what to finish', async () => {
    const panel = await openPanelPage();
    try {
      await panel.send(sessionMessage());
      await panel.send(candidatesMessage());
      await panel.send({ type: 'project', state: { status: 'loading', path: SHAPES_PROJECT } });
      await panel.send(modelsMessage());
      assert.match(await text(panel, '#project-stats'), /Reading .*shapes…/);
      assert.equal(await property(panel, '#card-model .card-body', 'inert'), true);
      assert.equal(await text(panel, '#card-model .card-status'), 'Finish Project first.');
      await panel.send({
        type: 'project',
        state: {
          status: 'error',
          path: SHAPES_PROJECT,
          message: 'No meta.json in shapes.',
          hint: 'Choose a Supervisely project folder.',
        },
      });
      assert.equal(
        await text(panel, '#project-stats [role="alert"] p:first-child'),
        'No meta.json in shapes.',
      );
      assert.equal(await text(panel, '#project-stats .hint'), 'Choose a Supervisely project folder.');
      assert.equal(await panel.page.locator('#project-stats [role="alert"]').count(), 1);
      await panel.send(projectMessage());
      assert.equal(await text(panel, '#card-model .card-status'), 'Finish Train/val split first.');
      await panel.send(splitPreviewMessage(120, 0));
      assert.equal(await text(panel, '#card-split .card-status'), 'The split leaves val empty.');
      await panel.send(splitPreviewMessage());
      assert.equal(await property(panel, '#card-model .card-body', 'inert'), false);
      assert.equal(
        await panel.page.locator('#card-split h2 vscode-icon[name="pass-filled"]').isVisible(),
        true,
      );
      assert.deepEqual(await panel.cspViolations(), []);
    } finally {
      await panel.close();
    }
  });
});

describe('a read-only session', () => {
  it('disables every setup control, keeps them visible, and says whose settings they are', async () => {
    const panel = await openWith({ mode: 'readOnly' });
    try {
      assert.equal(await text(panel, '#read-only-notice'), 'Read-only: settings of experiment shapes-demo');
      // Its app_state.json sits in the experiment folder and names the project relative to it.
      assert.equal(await property(panel, '#project-select', 'value'), SHAPES_PROJECT);
      const enabled = await panel.page.evaluate(`[...document.querySelectorAll(
        '#card-project vscode-single-select, #card-project vscode-button, #card-split vscode-single-select, #card-split vscode-textfield, #card-split vscode-checkbox, #card-classes vscode-checkbox, #card-classes vscode-button, #card-hyperparameters vscode-textarea, #card-options vscode-checkbox, #card-options vscode-single-select')]
        .filter((control) => !control.disabled).map((control) => control.id || control.dataset.class)`);
      assert.deepEqual(enabled, []);
      assert.equal(await panel.page.locator('#card-classes vscode-checkbox').first().isVisible(), true);
      await panel.page.locator('[data-model="CenterNet-M"]').click({ force: true });
      await panel.page.locator('vscode-checkbox[data-class="dot"]').click({ force: true });
      await panel.page.waitForTimeout(100);
      assert.deepEqual(await edits(panel), []);
      assert.equal(
        await panel.page.locator('[data-model="CenterNet-M"]').getAttribute('aria-disabled'),
        'true',
      );
    } finally {
      await panel.close();
    }
  });
});

describe('app_options', () => {
  it('hide the cards and options the framework switches off', async () => {
    const panel = await openWith({
      appOptions: {
        classes_selector: { enabled: false },
        model_selector: { show_custom: false },
        train_val_splits_selector: { methods: ['datasets', 'random'] },
        model_benchmark: false,
        export_tensorrt_supported: true,
      },
    });
    try {
      assert.equal(
        await panel.page.locator('#card-classes').count(),
        1,
        'isHidden() is true of no element too',
      );
      assert.equal(await panel.page.locator('#card-classes').isHidden(), true);
      assert.equal(
        await panel.page.locator('#model-tabs vscode-tab-header', { hasText: 'Custom models' }).count(),
        0,
      );
      assert.equal(await panel.page.locator('[data-checkpoint]').count(), 0);
      const offered = await optionValues(panel, '#split-method');
      assert.deepEqual(offered, ['datasets', 'random']);
      for (const hidden of [
        '#option-benchmark',
        '#option-speed-test',
        '#option-export-onnx',
        '#option-device',
      ]) {
        // isHidden() is also true of no element at all: the count guards against a renamed id.
        assert.equal(await panel.page.locator(hidden).count(), 1, hidden);
        assert.equal(await panel.page.locator(hidden).isHidden(), true, hidden);
      }
      for (const shown of [
        '#option-export-tensorrt',
        '#option-cache',
        '#option-convert-shapes',
        '#option-reinitialize-head',
      ]) {
        assert.equal(await panel.page.locator(shown).isVisible(), true, shown);
      }
    } finally {
      await panel.close();
    }
  });

  it('collapsable: a card folds itself once when done, and stays open after the user opens it', async () => {
    const panel = await openWith({ appOptions: { collapsable: true } });
    try {
      const toggle = panel.page.locator('#card-project h2 button');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(
        await panel.page.locator('#card-project-body').count(),
        1,
        'isHidden() is true of no element too',
      );
      assert.equal(await panel.page.locator('#card-project-body').isHidden(), true);
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await panel.send(
        sessionMessage({ appOptions: { collapsable: true }, settings: { classes: ['square'] } }),
      );
      await panel.send(splitPreviewMessage());
      assert.equal(await panel.page.locator('#project-select').isVisible(), true);
      await toggle.focus();
      await panel.page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.deepEqual(await panel.cspViolations(), []);
    } finally {
      await panel.close();
    }
  });
});
