import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_COMPARED } from '../../src/core/panel/messages';
import { listArtifacts } from '../../src/extension/workbench/panel/data/experiments';
import { openPanelPage, pollPage, type PanelPage } from './harness';
import {
  artifactsMessage,
  comparisonMessage,
  comparisonOf,
  EXPERIMENT_DIR,
  epochPoints,
  evaluationMessage,
  experimentsMessage,
  experimentsMessageOf,
  metricsMessage,
  OTHER_EXPERIMENT_DIR,
  runMessage,
  sampleSetupMessages,
  sessionMessage,
  stepPoints,
} from './fixtures';

// The Run, Artifacts, Evaluation and Compare cards in a real browser, on the production page and policy,
// fed the messages the host sends during and after a run.

describe('the live cards in a real browser', () => {
  let panel: PanelPage;
  const text = (selector: string) => panel.page.locator(selector).first().innerText();
  const attribute = (selector: string, name: string) =>
    panel.page.locator(selector).first().getAttribute(name);
  const disabled = (selector: string) =>
    panel.page.evaluate(`document.querySelector(${JSON.stringify(selector)}).hasAttribute('disabled')`);
  const until = (expression: string) => pollPage(panel.page, `Boolean(${expression})`);
  const waitForPoints = (chart: string, count: number) =>
    until(`document.querySelector('${chart}')?.getAttribute('data-points') === '${String(count)}'`);
  const postedOf = async (type: string) => (await panel.posted()).filter((message) => message.type === type);
  /** Focuses the element and keeps it as window.focused, to check later that focus never left it. */
  const focus = async (selector: string) => {
    await panel.page.evaluate(
      `(window.focused = document.querySelector(${JSON.stringify(selector)})).focus()`,
    );
    assert.equal(await panel.page.evaluate('document.activeElement === window.focused'), true);
  };
  const stillFocused = () => panel.page.evaluate<boolean>('document.activeElement === window.focused');
  const compareBox = (dir: string) => `vscode-checkbox[data-experiment-dir=${JSON.stringify(dir)}]`;
  const checkedDirs = () =>
    panel.page.evaluate<string[]>(
      `[...document.querySelectorAll('#compare-experiments vscode-checkbox')].filter((box) => box.checked).map((box) => box.dataset.experimentDir)`,
    );
  const lastCompared = async () => (await panel.waitForPosted('compare')).dirs;
  const clearComparison = async () => {
    for (const dir of await checkedDirs()) await panel.page.click(compareBox(dir));
    await until(`window.posted.findLast((m) => m.type === 'compare')?.dirs.length === 0`);
    await panel.send(comparisonOf());
  };
  const legendOf = (chart: string) =>
    panel.page.locator(`${chart} .u-legend .u-series .u-label`).allInnerTexts();

  const runningExperiment = runMessage().run?.experiment ?? assert.fail('the fixture run has an experiment');

  before(async () => {
    panel = await openPanelPage();
    for (const message of sampleSetupMessages()) await panel.send(message);
  });

  after(async () => {
    await panel.close();
  });

  it('shows the run’s phase, progress and ETA', async () => {
    await panel.send(runMessage());
    await until(`document.querySelector('#run-eta').textContent !== ''`);
    assert.equal(await text('#run-status'), 'shapes-demo: Training');
    assert.equal(await text('#run-eta'), 'Epoch 3/20 · ETA 1 min 12 s');
    assert.equal(await panel.page.evaluate(`document.querySelector('#run-progress').value`), 15);
    assert.equal(await attribute('#run-progress', 'aria-valuenow'), '15');
  });

  it('says what went wrong when the run failed, with the hint', async () => {
    await panel.send(
      runMessage({
        live: false,
        phase: 'ended',
        experiment: { ...runningExperiment, status: 'failed' },
        error: { message: 'Out of memory.', hint: 'Lower batch_size.' },
      }),
    );
    await until(`document.querySelector('#run-status').textContent.includes('memory')`);
    assert.equal(await text('#run-status .run-phase'), 'shapes-demo: failed');
    assert.equal(await text('#run-status .run-error'), 'Out of memory. Lower batch_size.');
  });

  it('enables Stop only while the run is live, and Stop and Start post their messages', async () => {
    assert.equal(await disabled('#run-stop'), true);
    assert.equal(await disabled('#run-start'), false);
    await panel.page.click('#run-start');
    assert.deepEqual(await panel.waitForPosted('start'), { type: 'start' });
    await panel.send(runMessage());
    await until(`!document.querySelector('#run-stop').hasAttribute('disabled')`);
    assert.equal(await disabled('#run-start'), true, 'no second run while one is live');
    await panel.page.click('#run-stop');
    assert.deepEqual(await panel.waitForPosted('stop'), { type: 'stop' });
  });

  it('keeps Start disabled in an untrusted workspace and says why', async () => {
    await panel.send(runMessage({ live: false, phase: 'ended' }));
    await panel.send(sessionMessage({ trusted: false }));
    await until(`document.querySelector('#run-start-reason').textContent.includes('trust')`);
    assert.equal(await disabled('#run-start'), true);
    await panel.send(sessionMessage());
    await until(`!document.querySelector('#run-start').hasAttribute('disabled')`);
  });

  it('validates the experiment name as typed, posts only valid names, and an empty one as null', async () => {
    const input = panel.page.locator('#experiment-name input');
    const editsBefore = (await postedOf('edit')).length;
    await input.fill('bad/name');
    await until(`document.querySelector('#experiment-name-message').textContent !== ''`);
    assert.match(await text('#experiment-name-message'), /without \//u);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal((await postedOf('edit')).length, editsBefore, 'an invalid name is not posted');
    await input.fill('shapes v2');
    assert.equal(await text('#experiment-name-message'), '');
    await until(`window.posted.at(-1).type === 'edit'`);
    assert.deepEqual((await panel.posted()).at(-1), {
      type: 'edit',
      edit: { field: 'experimentName', value: 'shapes v2' },
    });
    await input.fill('');
    await until(`window.posted.at(-1).edit?.value === null`);
  });

  it('keeps a name typed and tabbed away from when a session with the old name arrives before it is posted', async () => {
    const field = `document.querySelector('#experiment-name')`;
    const startReason = `document.querySelector('#run-start-reason').textContent`;
    await panel.page.evaluate(`${field}.blur()`);
    await panel.send(sessionMessage());
    await until(`${field}.value === 'shapes-demo' && !${startReason}.includes('trust')`);
    const editsBefore = (await postedOf('edit')).length;
    await panel.page.locator('#experiment-name input').fill('shapes-tabbed');
    await panel.page.keyboard.press('Tab');
    assert.equal(await panel.page.evaluate(`${field}.matches(':focus-within')`), false, 'Tab left the field');
    // Any change of the file sends a session; this one (untrusted, so its arrival shows) has the old name.
    await panel.send(sessionMessage({ trusted: false }));
    await until(`${startReason}.includes('trust')`);
    assert.equal((await postedOf('edit')).length, editsBefore, 'the session came before the edit went out');
    assert.equal(await panel.page.evaluate(`${field}.value`), 'shapes-tabbed');
    await until(`window.posted.at(-1).edit?.value === 'shapes-tabbed'`);
    await panel.send(sessionMessage({ settings: { experimentName: 'shapes-tabbed' } }));
    await until(`!${startReason}.includes('trust')`);
    assert.equal(await panel.page.evaluate(`${field}.value`), 'shapes-tabbed');
    // With nothing unsent, a name changed in the file (by anyone) shows.
    await panel.send(sessionMessage());
    await until(`${field}.value === 'shapes-demo'`);
  });

  it('appends metrics deltas to the charts, ignores another experiment’s, and replaces on reset', async () => {
    await panel.send(metricsMessage(stepPoints(1, 50), true));
    await waitForPoints('#chart-loss', 50);
    await waitForPoints('#chart-lr', 50);
    assert.equal(await panel.page.locator('#chart-loss canvas').count(), 1);
    await panel.send(metricsMessage(stepPoints(51, 10), false));
    await waitForPoints('#chart-loss', 60);
    await panel.send(metricsMessage(stepPoints(61, 500), false, OTHER_EXPERIMENT_DIR));
    await panel.send(metricsMessage(stepPoints(61, 5), false));
    await waitForPoints('#chart-loss', 65);
    assert.match(await text('#chart-loss .chart-summary'), /^Latest loss: [\d.]+ at step 65\.$/u);
    await panel.send(metricsMessage([...epochPoints(1), ...epochPoints(2)], false));
    await waitForPoints('#chart-val', 2);
    assert.equal(await text('#chart-val .chart-summary'), 'Epoch 2: val_mAP50 0.2, train_loss 0.5.');
    assert.deepEqual(await legendOf('#chart-val'), ['epoch', 'val_mAP50', 'train_loss']);
    // mAP (0–1) and loss (0–5) on one scale would flatten mAP: train_loss has its own axis, on the right.
    const sides = await panel.page.evaluate<string[]>(
      `(() => { const plot = document.querySelector('#chart-val .u-over').getBoundingClientRect();
        return [...document.querySelectorAll('#chart-val .u-axis')].map((axis) => {
          const box = axis.getBoundingClientRect();
          return box.top >= plot.bottom - 1 ? 'bottom' : box.left >= plot.right - 1 ? 'right' : 'left';
        }); })()`,
    );
    assert.deepEqual(sides, ['bottom', 'left', 'right']);
    assert.match((await attribute('#chart-val', 'aria-label')) ?? '', /train loss on the right/u);
    await panel.send(metricsMessage(stepPoints(1, 7), true, OTHER_EXPERIMENT_DIR));
    await waitForPoints('#chart-loss', 7);
    await waitForPoints('#chart-val', 0);
    assert.equal(await panel.page.locator('#chart-val canvas').count(), 0);
  });

  it('keeps the last 1000 log lines, only of the followed run, and hides the log when app_options say so', async () => {
    const lines = Array.from({ length: 1100 }, (_, index) => `line ${String(index)}`);
    await panel.send({ type: 'log', experimentDir: EXPERIMENT_DIR, reset: true, lines });
    await panel.send({
      type: 'log',
      experimentDir: OTHER_EXPERIMENT_DIR,
      reset: false,
      lines: ['elsewhere'],
    });
    await panel.send({ type: 'log', experimentDir: EXPERIMENT_DIR, reset: false, lines: ['the end'] });
    await until(`document.querySelector('#run-log').textContent.endsWith('the end\\n')`);
    const shown = (await panel.page.evaluate<string>(`document.querySelector('#run-log').textContent`)).split(
      '\n',
    );
    assert.equal(shown.length - 1, 1000);
    assert.equal(shown[0], 'line 101');
    assert.ok(!shown.includes('elsewhere'));
    assert.equal(await attribute('#run-log', 'role'), 'log');
    const session = sessionMessage();
    const framework = session.session.framework;
    assert.ok(framework);
    framework.appOptions.show_logs_in_gui = false;
    await panel.send(session);
    assert.equal(await panel.page.locator('#run-log').isVisible(), false);
    await panel.send(sessionMessage());
    assert.equal(await panel.page.locator('#run-log').isVisible(), true);
  });

  it('lists artifacts checkpoints first, and Open and Reveal post the file’s exact path', async () => {
    await panel.send(artifactsMessage());
    await panel.page.waitForSelector('#artifacts-table');
    const rows = await panel.page.evaluate<string[]>(
      `[...document.querySelectorAll('#artifacts-table tr[data-relative]')].map((row) => row.dataset.relative)`,
    );
    assert.deepEqual(rows, [
      'checkpoints/best.bin',
      'checkpoints/best.json',
      'checkpoints/last.json',
      'evaluation/metrics.json',
      'logs/train.log',
    ]);
    assert.match(await text('[data-relative="checkpoints/best.bin"]'), /5\.1 MiB/u);
    await panel.page.click('[data-relative="checkpoints/last.json"] .artifact-open');
    assert.deepEqual(await panel.waitForPosted('openFile'), {
      type: 'openFile',
      path: `${EXPERIMENT_DIR}/checkpoints/last.json`,
    });
    await panel.page.click('[data-relative="logs/train.log"] .artifact-reveal');
    assert.deepEqual(await panel.waitForPosted('revealFile'), {
      type: 'revealFile',
      path: `${EXPERIMENT_DIR}/logs/train.log`,
    });
  });

  it('lists artifacts in the host’s order, so epoch_2 comes before epoch_10', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-artifacts-'));
    try {
      for (const relative of ['logs/train.log', 'checkpoints/epoch_10.json', 'checkpoints/epoch_2.json']) {
        fs.mkdirSync(path.join(dir, path.dirname(relative)), { recursive: true });
        fs.writeFileSync(path.join(dir, relative), '{}');
      }
      const files = listArtifacts(dir);
      await panel.send({ type: 'artifacts', experimentDir: dir, files });
      await until(`document.querySelector('#artifacts-table tr[data-relative="checkpoints/epoch_10.json"]')`);
      const rows = await panel.page.evaluate<string[]>(
        `[...document.querySelectorAll('#artifacts-table tr[data-relative]')].map((row) => row.dataset.relative)`,
      );
      assert.deepEqual(rows, ['checkpoints/epoch_2.json', 'checkpoints/epoch_10.json', 'logs/train.log']);
      assert.deepEqual(
        rows,
        files.map((file) => file.relative),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps keyboard focus on an artifact’s button while the run adds, changes and removes files', async () => {
    const message = artifactsMessage();
    await panel.send(message);
    await panel.page.waitForSelector('#artifacts-table');
    await focus('[data-relative="checkpoints/last.json"] .artifact-open');
    const epochCheckpoint = {
      path: `${EXPERIMENT_DIR}/checkpoints/epoch_3.json`,
      relative: 'checkpoints/epoch_3.json',
      kind: 'checkpoint' as const,
      bytes: 1536,
    };
    const grownLog = message.files.map((file) =>
      file.relative === 'logs/train.log' ? { ...file, bytes: 4096 } : file,
    );
    await panel.send({ ...message, files: [...grownLog, epochCheckpoint] });
    await until(`document.querySelectorAll('#artifacts-table tr[data-relative]').length === 6`);
    assert.equal(await stillFocused(), true, 'a new file does not rebuild the focused button');
    assert.match(await text('[data-relative="checkpoints/epoch_3.json"]'), /checkpoint\s+1\.5 KiB/u);
    assert.match(await text('[data-relative="logs/train.log"]'), /4\.0 KiB/u);
    await panel.send(message);
    await until(`document.querySelectorAll('#artifacts-table tr[data-relative]').length === 5`);
    assert.equal(await stillFocused(), true, 'a removed file does not rebuild the focused button');
    await panel.page.keyboard.press('Enter');
    assert.deepEqual(await panel.waitForPosted('openFile'), {
      type: 'openFile',
      path: `${EXPERIMENT_DIR}/checkpoints/last.json`,
    });
  });

  it('shows the evaluation: metrics with the primary first, per-class values, confusion cells, PR curves, report', async () => {
    await panel.send({ type: 'evaluation', experimentDir: EXPERIMENT_DIR, evaluation: null });
    await until(`document.querySelector('#card-evaluation').innerText.includes('Not evaluated yet')`);
    await panel.send(evaluationMessage);
    await panel.page.waitForSelector('#evaluation-metrics');
    const metricRows = await panel.page.locator('#evaluation-metrics tbody tr').allInnerTexts();
    assert.deepEqual(
      metricRows.map((row) => row.replace(/\s+/gu, ' ')),
      ['mAP50 (primary) 0.6123', 'mAP 0.4123', 'mAP75 0.4'],
    );
    assert.equal(await panel.page.locator('#evaluation-per-class tr[data-class]').count(), 2);
    const cells = await panel.page
      .locator('#evaluation-confusion tbody tr')
      .first()
      .locator('td')
      .allInnerTexts();
    assert.deepEqual(cells, ['8', '1', '1']);
    const shade = await panel.page.evaluate<string>(
      `getComputedStyle(document.querySelector('#evaluation-confusion tbody td')).backgroundColor`,
    );
    assert.notEqual(shade, 'rgba(0, 0, 0, 0)', 'the diagonal cell is shaded');
    // Two classes' envelopes: recall 0.2, 0.4, 0.8 and 0.25, 0.5, 0.75, aligned on their union.
    await waitForPoints('#evaluation-pr-chart', 6);
    await panel.page.click('#evaluation-report');
    assert.deepEqual(await panel.waitForPosted('openFile'), {
      type: 'openFile',
      path: `${EXPERIMENT_DIR}/evaluation/report.html`,
    });
  });

  it('compares the picked experiments: posts their folders, one curve per run, best marked in words', async () => {
    await panel.send(experimentsMessage);
    await panel.page.click(`vscode-checkbox[data-experiment-dir="${OTHER_EXPERIMENT_DIR}"]`);
    assert.deepEqual(await panel.waitForPosted('compare'), { type: 'compare', dirs: [OTHER_EXPERIMENT_DIR] });
    await panel.page.click(`vscode-checkbox[data-experiment-dir="${EXPERIMENT_DIR}"]`);
    await until(`window.posted.at(-1).dirs?.length === 2`);
    await panel.send(comparisonMessage);
    await waitForPoints('#compare-chart', 3);
    const legend = await panel.page.locator('#compare-chart .u-legend .u-series .u-label').allInnerTexts();
    assert.deepEqual(legend, ['epoch', 'shapes-demo-2', 'shapes-demo']);
    assert.equal(await panel.page.evaluate(`document.querySelector('#compare-metric').value`), 'val_mAP50');
    assert.match(await text('#compare-table tr[data-metric="mAP50"] td.best'), /0\.7 \(best\)/u);
    assert.match(await text('#compare-table tr[data-metric="loss"] td.best'), /0\.35 \(best\)/u);
  });

  it('keeps keyboard focus on a compare checkbox while the experiment list changes, and updates its text', async () => {
    await panel.send(experimentsMessage);
    await focus(compareBox(EXPERIMENT_DIR));
    const [other, first] = experimentsMessage.experiments;
    const third = experimentsMessageOf(3).experiments[2];
    assert.ok(other && first && third);
    const improved = { ...first, keyMetric: { name: 'mAP50', value: 0.65 } };
    await panel.send({ type: 'experiments', experiments: [other, improved, third] });
    await until(`document.querySelectorAll('#compare-experiments vscode-checkbox').length === 3`);
    assert.equal(await stillFocused(), true, 'a new experiment does not rebuild the focused checkbox');
    assert.equal(await panel.page.evaluate('document.activeElement.dataset.experimentDir'), EXPERIMENT_DIR);
    assert.equal(await text(compareBox(EXPERIMENT_DIR)), 'shapes-demo · completed · mAP50 0.65');
    await panel.send(experimentsMessage);
    await until(`document.querySelectorAll('#compare-experiments vscode-checkbox').length === 2`);
    assert.equal(await stillFocused(), true, 'a removed experiment does not rebuild the focused checkbox');
  });

  it('keeps the user’s picks when the reply to an earlier pick arrives, and shows each run as its data comes', async () => {
    await clearComparison();
    await panel.page.click(compareBox(EXPERIMENT_DIR));
    await panel.page.click(compareBox(OTHER_EXPERIMENT_DIR));
    assert.deepEqual(await lastCompared(), [EXPERIMENT_DIR, OTHER_EXPERIMENT_DIR]);
    await panel.send(comparisonOf(EXPERIMENT_DIR));
    await waitForPoints('#compare-chart', 2);
    assert.deepEqual(await checkedDirs(), [OTHER_EXPERIMENT_DIR, EXPERIMENT_DIR], 'the second pick stays');
    assert.deepEqual(await legendOf('#compare-chart'), ['epoch', 'shapes-demo']);
    assert.equal(await panel.page.locator('#compare-table thead th').count(), 2);
    await panel.send(comparisonOf(EXPERIMENT_DIR, OTHER_EXPERIMENT_DIR));
    await waitForPoints('#compare-chart', 3);
    assert.deepEqual(await legendOf('#compare-chart'), ['epoch', 'shapes-demo', 'shapes-demo-2']);
    assert.equal(await panel.page.locator('#compare-table thead th').count(), 3);
    await panel.page.click(compareBox(EXPERIMENT_DIR));
    assert.deepEqual(await lastCompared(), [OTHER_EXPERIMENT_DIR]);
    await until(`document.querySelectorAll('#compare-table thead th').length === 2`);
    await until(`document.querySelectorAll('#compare-chart .u-legend .u-series').length === 2`);
    assert.deepEqual(await legendOf('#compare-chart'), ['epoch', 'shapes-demo-2']);
    // The reply to both, arriving late, does not bring back the one unpicked since.
    await panel.send(comparisonOf(EXPERIMENT_DIR, OTHER_EXPERIMENT_DIR));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await checkedDirs(), [OTHER_EXPERIMENT_DIR]);
    assert.deepEqual(await legendOf('#compare-chart'), ['epoch', 'shapes-demo-2']);
  });

  it(`never posts more than ${String(MAX_COMPARED)} folders to compare, and says so`, async () => {
    const many = experimentsMessageOf(MAX_COMPARED + 1).experiments.map((experiment) => experiment.dir);
    await panel.send(experimentsMessageOf(MAX_COMPARED + 1));
    await until(
      `document.querySelectorAll('#compare-experiments vscode-checkbox').length === ${String(many.length)}`,
    );
    await clearComparison();
    const [first, ...rest] = many;
    const extra = rest.pop();
    assert.ok(first !== undefined && extra !== undefined);
    for (const dir of rest) await panel.page.click(compareBox(dir));
    await until(`window.posted.at(-1).dirs?.length === ${String(MAX_COMPARED - 1)}`);
    await panel.page.click(compareBox(first));
    assert.equal((await lastCompared()).length, MAX_COMPARED);
    const postsAtLimit = (await postedOf('compare')).length;
    await panel.page.click(compareBox(extra));
    await until(`document.querySelector('#compare-limit').textContent !== ''`);
    assert.equal(
      await text('#compare-limit'),
      `Compare at most ${String(MAX_COMPARED)} experiments at once: clear one first.`,
    );
    assert.equal(
      await panel.page.evaluate(`document.querySelector(${JSON.stringify(compareBox(extra))}).checked`),
      false,
    );
    assert.equal((await postedOf('compare')).length, postsAtLimit, 'nothing posted for the refused pick');
    await panel.page.click(compareBox(first));
    await panel.page.click(compareBox(extra));
    await until(`window.posted.at(-1).dirs?.includes(${JSON.stringify(extra)})`);
    assert.equal(await text('#compare-limit'), '');
    for (const message of await postedOf('compare'))
      assert.ok('dirs' in message && message.dirs.length <= MAX_COMPARED, 'every post within the limit');
    // Picks whose folders are gone leave the selection, so they do not hold the limit.
    await panel.send(experimentsMessageOf(2));
    await until(`document.querySelectorAll('#compare-experiments vscode-checkbox').length === 2`);
    await panel.page.click(compareBox(first));
    assert.deepEqual(await lastCompared(), [rest[0], first]);
  });

  it('asks again for a picked run’s data when its summary changes, and not for an unchanged list', async () => {
    await panel.send(experimentsMessage);
    await until(`document.querySelectorAll('#compare-experiments vscode-checkbox').length === 2`);
    await clearComparison();
    const [other, first] = experimentsMessage.experiments;
    assert.ok(other && first);
    const training = { ...first, status: 'running' as const };
    await panel.send({ type: 'experiments', experiments: [other, training] });
    await until(
      `document.querySelector(${JSON.stringify(compareBox(EXPERIMENT_DIR))}).textContent.includes('running')`,
    );
    await panel.page.click(compareBox(EXPERIMENT_DIR));
    await until(`window.posted.at(-1).dirs?.length === 1`);
    await panel.send(comparisonOf(EXPERIMENT_DIR));
    await waitForPoints('#compare-chart', 2);
    const asked = (await postedOf('compare')).length;
    await panel.send({ type: 'experiments', experiments: [other, training] });
    await panel.send({ type: 'experiments', experiments: [{ ...other, status: 'running' }, training] });
    const moved = { ...training, keyMetric: { name: 'mAP50', value: 0.66 } };
    await panel.send({ type: 'experiments', experiments: [{ ...other, status: 'running' }, moved] });
    await until(
      `document.querySelector(${JSON.stringify(compareBox(EXPERIMENT_DIR))}).textContent.includes('0.66')`,
    );
    assert.deepEqual((await postedOf('compare')).slice(asked), [{ type: 'compare', dirs: [EXPERIMENT_DIR] }]);
    const [run] = comparisonOf(EXPERIMENT_DIR).runs;
    assert.ok(run);
    const grown = { ...run, experiment: moved, epochs: [1, 2, 3], curves: { val_mAP50: [0.3, 0.61, 0.66] } };
    await panel.send({ type: 'comparison', runs: [grown] });
    await waitForPoints('#compare-chart', 3);
    await clearComparison();
  });

  it('offers Re-run and Fine-tune from the experiment’s checkpoints, best first, on a read-only panel', async () => {
    await panel.send(sessionMessage({ mode: 'readOnly' }));
    await panel.send(artifactsMessage());
    await panel.page.waitForSelector('#run-finetune');
    assert.equal(await panel.page.locator('#run-start').count(), 0);
    const options = await panel.page.locator('#run-finetune-checkpoint vscode-option').allInnerTexts();
    assert.deepEqual(options, ['best.json', 'last.json']);
    await panel.page.click('#run-finetune');
    assert.deepEqual(await panel.waitForPosted('fineTune'), { type: 'fineTune', checkpoint: 'best.json' });
    await panel.page.click('#run-rerun');
    assert.deepEqual(await panel.waitForPosted('rerun'), { type: 'rerun' });
  });

  it('did all of it without a Content Security Policy violation', async () => {
    assert.deepEqual(await panel.cspViolations(), []);
  });
});
