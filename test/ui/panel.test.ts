import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { COMMANDS } from '../../src/extension/ids';
import { quickAppState } from '../fixtures/quickRun';
import { FIXTURE, prepareWorkspace } from '../integration/workspaceFixture';
import { ARTIFACTS_DIR, readManifest, REPO_ROOT } from '../paths';
import { eventually, experimentsOnDisk, hyperparametersFor } from './runs';
import { useWorkbenchSession } from './session';
import { stepSequence } from './steps';
import { STEP_TIMEOUT_MS, THEMES } from './workbench';
import type { ThemeName, Workbench } from './workbench';
import { chooseOption, isChecked, typeInto, valueOf } from './webviewControls';

// The training panel of the packaged extension (dist/train-studio.vsix) in code-server's web workbench, as a
// user drives it: open it from the palette, set up a run card by card (each edit must reach app_state.json
// on disk: files are the truth), train and stop a long run while its progress and chart move, finish a
// quick one and read its evaluation, and compare two runs trained beforehand with the CLI. Then the same
// panel in the light, dark and high-contrast themes, for the README.

const SCREENSHOT_DIR = path.join(ARTIFACTS_DIR, 'ui', 'panel');
/** Training waits: other jobs may share this machine's few cores. */
const RUN_TIMEOUT_MS = 5 * 60_000;
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** The README's pictures of the panel: a live run, and the themes' screenshots of step 11 they copy. */
const README_IMAGES = { run: 'docs/images/panel-run.png' } as const;
const README_THEME_IMAGES: Readonly<Record<string, string>> = {
  'docs/images/panel-light.png': '11-light-project.png',
  'docs/images/panel-dark.png': '11-dark-project.png',
  'docs/images/panel-high-contrast.png': '11-highContrast-project.png',
  'docs/images/panel-evaluation.png': '11-dark-evaluation.png',
  'docs/images/panel-compare.png': '11-light-compare.png',
};

/** The class-folders fixture: four classes of six images. */
const SHAPES = { classes: ['disc', 'ring', 'square', 'triangle'], images: 24 } as const;
/** Still training when the test stops it. */
const SLOW_EPOCHS = 1000;
/** Finished in seconds, evaluation included. */
const QUICK_EPOCHS = 3;
/** Runs the CLI trains before the workbench opens, for the Compare card: names and epochs. */
const COMPARED_RUNS = [
  { name: 'baseline', epochs: QUICK_EPOCHS },
  { name: 'longer', epochs: 6 },
] as const;

const { contributes } = readManifest();
const openPanel = contributes.commands.find((entry) => entry.command === COMMANDS.openPanel);
if (!openPanel) throw new Error(`package.json contributes no command ${COMMANDS.openPanel}`);
const OPEN_PANEL_TITLE = `${openPanel.category ?? ''}: ${openPanel.title}`;

/** The fixture workspace and, in its experiments folder, two finished runs the CLI trained. */
function preparePanelWorkspace(dir: string, cache: string): void {
  prepareWorkspace(dir);
  for (const run of COMPARED_RUNS) {
    // Each run's own app_state file goes once it has trained, so the panel has one app_state file to open.
    const file = path.join(dir, `${run.name}.app_state.json`);
    const appState = quickAppState(FIXTURE.classFolders, {
      experiment_name: run.name,
      hyperparameters: hyperparametersFor(run.epochs),
    });
    fs.writeFileSync(file, `${JSON.stringify(appState, null, 2)}\n`);
    execFileSync(process.execPath, [CLI, 'train', '--app-state', file], {
      cwd: dir,
      env: { ...process.env, TRAIN_STUDIO_CACHE: cache },
      stdio: 'pipe',
      timeout: RUN_TIMEOUT_MS,
    });
    fs.rmSync(file);
  }
}

interface AppStateOnDisk {
  input?: { project?: string };
  train_val_split?: { method?: string; percent?: number };
  classes?: string[];
  model?: { model_name?: string };
  hyperparameters?: string;
  experiment_name?: string;
}

/** "Train 18 · Val 6" → [18, 6]. */
function splitCounts(text: string): [number, number] {
  const match = /Train\D*(\d+)\D+Val\D*(\d+)/i.exec(text);
  if (!match) throw new Error(`#split-counts says "${text}", not "Train N · Val N"`);
  return [Number(match[1]), Number(match[2])];
}

describe('Train Studio UI: the training panel (code-server + Chromium)', () => {
  const session = useWorkbenchSession({
    screenshotDir: SCREENSHOT_DIR,
    prepare: (workspace) => {
      preparePanelWorkspace(workspace, path.join(path.dirname(workspace), 'cache'));
    },
    env: (workDir) => ({
      TRAIN_STUDIO_CACHE: path.join(workDir, 'cache'),
      // The bridge's whole-run limit: more than all the steps' limits together.
      CS_TIMEOUT_S: String(60 * 60),
    }),
  });
  const { workspace } = session;
  const appStateFile = path.join(workspace, FIXTURE.appState);
  const readAppState = (): AppStateOnDisk =>
    JSON.parse(fs.readFileSync(appStateFile, 'utf8')) as AppStateOnDisk;
  /** Waits until app_state.json on disk satisfies `check`: the panel's edit went through the host. */
  const fileSays = (what: string, check: (appState: AppStateOnDisk) => boolean): Promise<AppStateOnDisk> =>
    eventually(
      () => {
        const appState = readAppState();
        return check(appState) ? appState : undefined;
      },
      `app_state.json to have ${what}`,
      STEP_TIMEOUT_MS,
      () => fs.readFileSync(appStateFile, 'utf8'),
    );
  const experimentSays = (name: string, status: string, timeoutMs = RUN_TIMEOUT_MS) =>
    eventually(
      () => {
        const found = experimentsOnDisk(workspace).get(name);
        return found?.status === status ? found : undefined;
      },
      `experiment ${name} to be ${status}`,
      timeoutMs,
      () => JSON.stringify(Object.fromEntries(experimentsOnDisk(workspace))),
    );

  const sequence = stepSequence(session.workbench);
  const step = (
    name: string,
    body: (wb: Workbench, panel: FrameLocator) => Promise<void>,
    timeoutMs = 2 * STEP_TIMEOUT_MS,
  ) => {
    sequence(name, timeoutMs, (wb) => body(wb, wb.webview()));
  };
  /** Scrolls the panel so that `card` is at the top, and saves the workbench as `name`. */
  const screenshotCard = async (wb: Workbench, panel: FrameLocator, card: string, name: string) => {
    // A run from the panel brings its task's terminal up, under half of the panel.
    await wb.hidePanel();
    await panel.locator(`#card-${card}`).evaluate((section) => {
      (section as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'start' });
    });
    await wb.screenshot(name);
  };

  /**
   * Runs the command from the palette and waits until the Project card shows the project's statistics;
   * says when each stage showed, in ms from the click on the command: the webview's frame, the cards, and
   * the statistics (which the host reads from the dataset once the page says it is ready).
   */
  const openPanelTimed = async (wb: Workbench, panel: FrameLocator): Promise<string> => {
    const row = await wb.paletteRow(OPEN_PANEL_TITLE);
    let started = performance.now();
    const since = () => `${(performance.now() - started).toFixed(0)} ms`;
    await row.click();
    // The command may ask which app_state file, even when the workspace has one.
    const picker = wb.page.locator('.quick-input-widget:visible .quick-input-list');
    // A command from the palette that throws says so in a dialog: fail with its text, not a timeout.
    const error = wb.page.locator('.monaco-dialog-box');
    await wb.webviewIframe().or(picker).or(error).first().waitFor();
    if (await error.isVisible()) throw new Error(`${OPEN_PANEL_TITLE}: ${await error.innerText()}`);
    if (await picker.isVisible()) {
      // The pick is the user's time, not the panel's: time from the choice.
      const chosen = wb.quickPick(FIXTURE.appState);
      started = performance.now();
      await chosen;
    }
    await wb.webviewIframe().waitFor();
    const frame = since();
    await panel.locator('#card-project').waitFor();
    const cards = since();
    await panel.locator('#project-stats', { hasText: String(SHAPES.images) }).waitFor();
    return `${since()} (webview frame ${frame}, cards ${cards})`;
  };

  step(`1. ${OPEN_PANEL_TITLE} from the palette: the Project card shows the project`, async (wb, panel) => {
    // The extension activates with its Experiments view; the timing below is the panel's alone.
    await wb.activityBarItem('Train Studio').click();
    for (const run of COMPARED_RUNS) await wb.sideBarRow(run.name).waitFor();
    await wb.setColorTheme('light');
    const firstOpen = await openPanelTimed(wb, panel);
    await wb.palette('View: Close All Editors');
    await wb.webviewIframe().waitFor({ state: 'hidden' });
    const reopen = await openPanelTimed(wb, panel);
    // The target is under 500 ms; this test reports the figures and never fails on them.
    const what = 'time to first render (command → Project card with the statistics)';
    console.log(`${what}, first open: ${firstOpen}`);
    console.log(`${what}, reopened: ${reopen}`);
    await wb.screenshot('01-opened.png');
  });

  step('2. choosing the sample project in #project-select writes it to app_state.json', async (wb, panel) => {
    const select = panel.locator('#project-select');
    // The Supervisely copy of the objects fixture first, so that choosing the shapes changes the file again.
    for (const project of [path.join(FIXTURE.supervisely, 'supervisely'), FIXTURE.classFolders]) {
      await chooseOption(select, path.join(workspace, project));
      await fileSays(
        `input.project ${project}`,
        (state) => path.resolve(workspace, state.input?.project ?? '') === path.join(workspace, project),
      );
    }
    await panel.locator('#project-stats', { hasText: String(SHAPES.images) }).waitFor();
    await wb.screenshot('02-project.png');
  });

  step('3. a random split at 50 %: #split-counts follows, app_state.json too', async (wb, panel) => {
    await chooseOption(panel.locator('#split-method'), 'random');
    const counts = panel.locator('#split-counts');
    await counts.filter({ hasText: /Train\D*\d+/ }).waitFor();
    const [train, val] = splitCounts(await counts.innerText());
    assert.equal(train + val, SHAPES.images, 'the split covers every image');
    assert.equal(readAppState().train_val_split?.percent, 75, 'the fixture splits 75 %');
    await typeInto(panel.locator('#split-percent'), '50');
    await counts.filter({ hasText: /Train\D*12\D+Val\D*12/ }).waitFor();
    await fileSays(
      'train_val_split random at 50 %',
      (state) => state.train_val_split?.method === 'random' && state.train_val_split.percent === 50,
    );
    await wb.screenshot('03-split.png');
  });

  step(
    '4. unchecking a class leaves it out of app_state.json; checking it again brings it back',
    async (wb, panel) => {
      const ring = panel.locator('#classes-table vscode-checkbox[data-class="ring"]');
      for (const name of SHAPES.classes)
        await panel.locator(`vscode-checkbox[data-class="${name}"]`).waitFor();
      assert.ok(await isChecked(ring), 'every class is selected at first');
      await ring.click();
      await fileSays(
        'classes without ring',
        (state) =>
          JSON.stringify([...(state.classes ?? [])].sort()) ===
          JSON.stringify(['disc', 'square', 'triangle']),
      );
      assert.ok(!(await isChecked(ring)));
      await wb.screenshot('04-classes.png');
      await ring.click();
      // Every class again: listed, or left empty (which means every class).
      await fileSays('every class', (state) => {
        const classes = state.classes ?? [];
        return classes.length === 0 || SHAPES.classes.every((name) => classes.includes(name));
      });
      assert.ok(await isChecked(ring));
    },
  );

  step('5. a model row selects on click and on Enter', async (wb, panel) => {
    const medium = panel.locator('[data-model="Classifier-M"]');
    await medium.click();
    await panel.locator('#model-selected', { hasText: 'Classifier-M' }).waitFor();
    await fileSays('model Classifier-M', (state) => state.model?.model_name === 'Classifier-M');
    assert.equal(await medium.getAttribute('aria-checked'), 'true');
    await wb.screenshot('05-model.png');
    // Back to the small one, from the keyboard: it trains fastest.
    const small = panel.locator('[data-model="Classifier-S"]');
    await small.focus();
    await small.press('Enter');
    await panel.locator('#model-selected', { hasText: 'Classifier-S' }).waitFor();
    await fileSays('model Classifier-S', (state) => state.model?.model_name === 'Classifier-S');
  });

  /** Sets the epochs in the Hyperparameters card's editor, and waits for app_state.json to have them. */
  const setEpochs = async (panel: FrameLocator, epochs: number) => {
    const editor = panel.locator('#hyperparameters-editor');
    const text = await valueOf(editor);
    assert.match(text, /^epochs: \d+$/m, 'the editor shows the epochs');
    await typeInto(editor, text.replace(/^epochs: \d+$/m, `epochs: ${String(epochs)}`));
    await fileSays(`epochs: ${String(epochs)}`, (state) =>
      (state.hyperparameters ?? '').includes(`epochs: ${String(epochs)}\n`),
    );
    await panel.locator('#hyperparameters-diagnostics', { hasText: 'No problems' }).waitFor();
  };
  /** Names the next experiment in the Run card, and waits for app_state.json to have it. */
  const nameExperiment = async (panel: FrameLocator, name: string) => {
    await typeInto(panel.locator('#experiment-name'), name);
    await fileSays(`experiment_name ${name}`, (state) => state.experiment_name === name);
  };

  step('6. editing the epochs in the YAML editor writes them to app_state.json', async (wb, panel) => {
    await setEpochs(panel, SLOW_EPOCHS);
    await screenshotCard(wb, panel, 'hyperparameters', '06-hyperparameters.png');
  });

  step(
    '7. Start: the progress bar advances and the loss chart draws the run',
    async (wb, panel) => {
      await nameExperiment(panel, 'panel-slow');
      await panel.locator('#run-start').click();
      await panel
        .locator('#run-status', { hasText: /panel-slow: training/i })
        .waitFor({ timeout: RUN_TIMEOUT_MS });
      const progress = panel.locator('#run-progress');
      const firstPercent = Number(await valueOf(progress));
      await eventually(
        async () => (Number(await valueOf(progress)) > firstPercent ? true : undefined),
        `#run-progress to advance from ${String(firstPercent)} %`,
        RUN_TIMEOUT_MS,
      );
      // The chart says how many points it holds; its canvas shows them.
      const chart = panel.locator('#chart-loss');
      const points = async () => Number((await chart.getAttribute('data-points')) ?? 0);
      await eventually(
        async () => ((await points()) > 0 ? true : undefined),
        '#chart-loss to get points',
        RUN_TIMEOUT_MS,
      );
      const firstPoints = await points();
      await eventually(
        async () => ((await points()) > firstPoints ? true : undefined),
        `#chart-loss to get more than ${String(firstPoints)} points as the run goes on`,
        RUN_TIMEOUT_MS,
      );
      await chart.locator('canvas').first().waitFor();
      await screenshotCard(wb, panel, 'run', '07-run-live.png');
      fs.copyFileSync(path.join(SCREENSHOT_DIR, '07-run-live.png'), path.join(REPO_ROOT, README_IMAGES.run));
    },
    RUN_TIMEOUT_MS,
  );

  step(
    '8. Stop: the run ends stopped, and the Artifacts card lists checkpoints/last.json',
    async (wb, panel) => {
      await panel.locator('#run-stop').click();
      await experimentSays('panel-slow', 'stopped');
      await panel.locator('#run-status', { hasText: /stopped/i }).waitFor();
      const last = panel.locator('#artifacts-table [data-relative="checkpoints/last.json"]');
      await last.locator('.artifact-open').waitFor();
      await last.locator('.artifact-reveal').waitFor();
      await screenshotCard(wb, panel, 'artifacts', '08-artifacts.png');
    },
    RUN_TIMEOUT_MS,
  );

  step(
    '9. a quick run from the panel finishes, and the Evaluation card shows its metrics',
    async (wb, panel) => {
      await setEpochs(panel, QUICK_EPOCHS);
      await nameExperiment(panel, 'panel-quick');
      await panel.locator('#run-start').click();
      await experimentSays('panel-quick', 'completed');
      await panel.locator('#run-status', { hasText: /completed/i }).waitFor();
      const metrics = panel.locator('#evaluation-metrics');
      await metrics.locator('tr', { hasText: 'accuracy' }).first().waitFor({ timeout: RUN_TIMEOUT_MS });
      await screenshotCard(wb, panel, 'evaluation', '09-evaluation.png');
    },
    RUN_TIMEOUT_MS,
  );

  step('10. Compare: two finished runs side by side, their curves overlaid', async (wb, panel) => {
    const onDisk = experimentsOnDisk(workspace);
    for (const run of COMPARED_RUNS) {
      const dir = onDisk.get(run.name)?.dir;
      assert.ok(dir, `the CLI trained ${run.name}`);
      const box = panel.locator(`#compare-experiments vscode-checkbox[data-experiment-dir="${dir}"]`);
      await box.click();
      assert.ok(await isChecked(box));
    }
    const table = panel.locator('#compare-table');
    for (const run of COMPARED_RUNS) await table.filter({ hasText: run.name }).waitFor();
    const chart = panel.locator('#compare-charts');
    await chart.locator('canvas').first().waitFor();
    assert.ok(
      Number(await chart.locator('[data-points]').first().getAttribute('data-points')) > 0,
      'the chart has points',
    );
    await screenshotCard(wb, panel, 'compare', '10-compare.png');
  });

  const themes = Object.keys(THEMES) as ThemeName[];
  step(
    `11. the same panel in the ${themes.join(', ')} themes`,
    async (wb, panel) => {
      for (const theme of themes) {
        await wb.setColorTheme(theme);
        await panel.locator(`body.${THEMES[theme].webviewBodyClass}`).waitFor();
        for (const card of ['project', 'run', 'evaluation', 'compare']) {
          await screenshotCard(wb, panel, card, `11-${theme}-${card}.png`);
        }
      }
      for (const [image, shot] of Object.entries(README_THEME_IMAGES)) {
        fs.copyFileSync(path.join(SCREENSHOT_DIR, shot), path.join(REPO_ROOT, image));
      }
    },
    4 * STEP_TIMEOUT_MS,
  );

  step(
    '12. a finished experiment opens read-only from its context menu, with Re-run and Fine-tune',
    async (wb, panel) => {
      const open = await wb.contextMenuItem(wb.sideBarRow('baseline'), 'Open in Training Panel');
      await open.click();
      await panel.locator('#run-rerun').waitFor();
      await panel.locator('#run-finetune').waitFor();
      assert.ok(!(await panel.locator('#run-start').isVisible()), 'a read-only panel offers no Start');
      assert.equal(
        await panel.locator('#project-select').getAttribute('disabled'),
        '',
        'setup controls are disabled',
      );
      await screenshotCard(wb, panel, 'project', '12-read-only.png');
    },
  );
});
