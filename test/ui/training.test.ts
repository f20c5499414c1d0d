import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { COMMANDS, TASK_TYPE, VIEWS } from '../../src/extension/ids';
import { quickAppState } from '../fixtures/quickRun';
import { FIXTURE, prepareWorkspace } from '../integration/workspaceFixture';
import { ARTIFACTS_DIR, readManifest, REPO_ROOT } from '../paths';
import { experimentsOnDisk, hyperparametersFor } from './runs';
import { useWorkbenchSession } from './session';
import { stepSequence } from './steps';
import type { Workbench } from './workbench';

// Trains from the packaged extension (dist/train-studio.vsix) in code-server's web workbench, as a user
// would: a task from the palette with its log in the terminal, the Experiments tree following the run to its
// end, and a second run started from the palette and stopped from its context menu in the tree.

const SCREENSHOT_DIR = path.join(ARTIFACTS_DIR, 'ui', 'training');
/** The README's pictures of a run: the task's terminal, and the tree with a completed and a stopped run. */
const README_IMAGES = { task: 'docs/images/task.png', tree: 'docs/images/tree.png' } as const;
/** Training waits: other jobs may share this machine's few cores. */
const RUN_TIMEOUT_MS = 5 * 60_000;
/** A step waits for at most two runs' worth of training. */
const STEP_LIMIT_MS = 2 * RUN_TIMEOUT_MS;

/** Long enough for the tree to be seen running it (seconds here), short enough to wait for its end. */
const QUICK_EPOCHS = 20;
/** Still running after minutes: it ends when the test stops it. */
const SLOW_EPOCHS = 1000;
const SLOW_APP_STATE = 'slow.app_state.json';

// Titles as package.json contributes them, found by the ids the extension uses (ids.ts).
const { contributes } = readManifest();
function contributed<T>(found: T | undefined, what: string): T {
  if (found === undefined) throw new Error(`package.json contributes no ${what}`);
  return found;
}
const command = (id: string) =>
  contributed(
    contributes.commands.find((entry) => entry.command === id),
    `command ${id}`,
  );
/** As the command palette shows it: `Category: Title`. */
function paletteTitle(id: string): string {
  const { category, title } = command(id);
  return category ? `${category}: ${title}` : title;
}
const containerTitle = contributed(
  contributes.viewsContainers.activitybar.find((container) => container.id === VIEWS.container),
  `view container ${VIEWS.container}`,
).title;
const experimentsViewName = contributed(
  contributes.views[VIEWS.container]?.find((view) => view.id === VIEWS.experiments),
  `view ${VIEWS.experiments}`,
).name;

/** The fixture workspace, its app_state.json training longer, and a run that lasts until it is stopped. */
function prepareTrainingWorkspace(dir: string): void {
  prepareWorkspace(dir);
  const write = (file: string, name: string, epochs: number) => {
    const appState = quickAppState(FIXTURE.classFolders, {
      experiment_name: name,
      hyperparameters: hyperparametersFor(epochs),
    });
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify(appState, null, 2)}\n`);
  };
  write(FIXTURE.appState, 'quick', QUICK_EPOCHS);
  write(SLOW_APP_STATE, 'slow', SLOW_EPOCHS);
}

/** How each run ended, by experiment name, as its folder says. */
function statusesOnDisk(workspace: string): Map<string, string> {
  return new Map([...experimentsOnDisk(workspace)].map(([name, { status }]) => [name, status]));
}

describe('Train Studio UI: train, watch and stop runs (code-server + Chromium)', () => {
  const session = useWorkbenchSession({
    screenshotDir: SCREENSHOT_DIR,
    prepare: prepareTrainingWorkspace,
    env: (workDir) => ({
      TRAIN_STUDIO_CACHE: path.join(workDir, 'cache'),
      // The bridge's whole-run limit: more than all the steps' limits together.
      CS_TIMEOUT_S: String(60 * 60),
    }),
  });
  const { workspace } = session;
  const step = stepSequence(session.workbench);

  const keep = async (wb: Workbench, screenshot: string, readmeImage?: string) => {
    await wb.screenshot(screenshot);
    if (readmeImage)
      fs.copyFileSync(path.join(SCREENSHOT_DIR, screenshot), path.join(REPO_ROOT, readmeImage));
  };
  const spinning = (wb: Workbench) => wb.page.locator('.codicon-sync.codicon-modifier-spin');
  /** A run's row while it trains: the spinning icon, and its epoch beside the name. */
  const runningRow = (wb: Workbench, name: string) =>
    wb.sideBarRow(name).filter({ has: spinning(wb), hasText: /epoch \d+/ });

  step(
    '1. Tasks: Run Task → trainstudio → app_state.json: the terminal streams the log',
    STEP_LIMIT_MS,
    async (wb) => {
      // The Experiments view stays in sight while the run goes, so the next step sees it running.
      await wb.activityBarItem(containerTitle).click();
      await wb.page.locator('.part.sidebar .composite.title', { hasText: experimentsViewName }).waitFor();
      // The view's first contents load the workbench; until they show, the view may take the focus back
      // from a quick pick opened meanwhile, which closes it.
      await wb.page.locator('.part.sidebar .welcome-view-content', { hasText: 'No experiments' }).waitFor();
      // A provided task is named after its app_state file's path in the workspace folder.
      await wb.runTask(TASK_TYPE, FIXTURE.appState, RUN_TIMEOUT_MS);
      await wb
        .terminalText()
        .filter({ hasText: new RegExp(`epoch \\d+/${QUICK_EPOCHS}`) })
        .waitFor({ timeout: RUN_TIMEOUT_MS });
      await keep(wb, '01-task-terminal.png', README_IMAGES.task);
    },
  );

  step('2. the Experiments tree shows the run running, then completed', STEP_LIMIT_MS, async (wb) => {
    await runningRow(wb, 'quick').waitFor({ timeout: RUN_TIMEOUT_MS });
    await keep(wb, '02-tree-running.png');
    await wb
      .sideBarRow('quick')
      .filter({ has: wb.page.locator('.codicon-pass') })
      .waitFor({ timeout: RUN_TIMEOUT_MS });
    await wb
      .terminalText()
      .filter({ hasText: /completed/ })
      .waitFor();
    assert.equal(statusesOnDisk(workspace).get('quick'), 'completed');
    await keep(wb, '03-tree-completed.png');
  });

  step(
    `3. ${paletteTitle(COMMANDS.start)} → ${SLOW_APP_STATE}: the tree shows it running`,
    STEP_LIMIT_MS,
    async (wb) => {
      await wb.palette(paletteTitle(COMMANDS.start));
      await wb.quickPick(SLOW_APP_STATE, RUN_TIMEOUT_MS);
      await runningRow(wb, 'slow').waitFor({ timeout: RUN_TIMEOUT_MS });
      await keep(wb, '04-slow-running.png');
    },
  );

  step(
    `4. ${command(COMMANDS.stop).title} from the run's context menu: it ends stopped`,
    STEP_LIMIT_MS,
    async (wb) => {
      const stopTitle = command(COMMANDS.stop).title;
      const stop = await wb.contextMenuItem(runningRow(wb, 'slow'), stopTitle);
      await keep(wb, '05-stop-menu.png');
      await stop.click();
      // Given no tree item, the command asks which run to stop instead: say so rather than time out.
      const picker = wb.page.locator('.quick-input-widget:visible', { hasText: stopTitle });
      const stopped = wb.sideBarRow('slow').filter({ has: wb.page.locator('.codicon-debug-pause') });
      await stopped.or(picker).first().waitFor({ timeout: RUN_TIMEOUT_MS });
      assert.ok(
        !(await picker.isVisible()),
        `${stopTitle} from the run's context menu asked which run to stop: the command got no tree item`,
      );
      const statuses = statusesOnDisk(workspace);
      assert.equal(statuses.get('slow'), 'stopped');
      assert.equal(statuses.get('quick'), 'completed');
      await keep(wb, '06-tree-stopped.png', README_IMAGES.tree);
    },
  );
});
