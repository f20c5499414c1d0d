import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS_DIR, readManifest, REPO_ROOT } from '../paths';
import { startCodeServer, type CodeServer } from './codeServer';
import { STEP_TIMEOUT_MS, Workbench } from './workbench';

// Drives the packaged extension (dist/train-studio.vsix) in code-server's web workbench, as a user would.
const VSIX = path.join(REPO_ROOT, 'dist', 'train-studio.vsix');
const SCREENSHOT_DIR = path.join(ARTIFACTS_DIR, 'ui');
const { version } = readManifest();
// A built-in-framework file with a value out of range and a misspelt key, for the diagnostics step.
const BROKEN_HYPERPARAMETERS = [
  'epochs: 30',
  'batch_size: 16',
  'optimizer:',
  '  type: AdamW',
  '  lr: 50',
  'lr_schedular:',
  '  type: cosine',
  '',
].join('\n');

describe('Train Studio UI smoke (code-server + Chromium)', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-ui-'));
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let earlierStepFailed = false;

  before(
    async () => {
      if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
      // Screenshots from an earlier run, a stale failure.png above all, must not be mistaken for this run's.
      fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const workspace = path.join(workDir, 'workspace');
      fs.mkdirSync(workspace);
      fs.writeFileSync(path.join(workspace, 'hyperparameters.yaml'), BROKEN_HYPERPARAMETERS);
      server = await startCodeServer(VSIX);
      workbench = await Workbench.open(server.url, workspace, SCREENSHOT_DIR);
    },
    { timeout: 5 * STEP_TIMEOUT_MS },
  );

  after(
    async () => {
      await workbench?.close();
      await server?.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
    { timeout: STEP_TIMEOUT_MS },
  );

  /** One user-visible step; steps build on each other, so after a failure the rest are skipped. */
  function step(name: string, body: (workbench: Workbench) => Promise<void>): void {
    it(name, { timeout: 2 * STEP_TIMEOUT_MS }, async (t) => {
      if (earlierStepFailed) {
        t.skip('an earlier step failed');
        return;
      }
      if (!workbench) throw new Error('the workbench did not open');
      try {
        await body(workbench);
      } catch (error) {
        earlierStepFailed = true;
        await workbench.screenshot('failure.png').catch(() => undefined);
        throw error;
      }
    });
  }

  step('the extension loads: its container is in the activity bar', async (wb) => {
    await wb.activityBarItem('Train Studio').waitFor();
    await wb.screenshot('01-workbench.png');
  });

  step('the container shows the Experiments view with its welcome text', async (wb) => {
    await wb.activityBarItem('Train Studio').click();
    const sideBar = wb.page.locator('.part.sidebar');
    await sideBar.locator('.composite.title', { hasText: 'Experiments' }).waitFor();
    const welcome = sideBar.locator('.welcome-view-content', {
      hasText: 'No experiments in this workspace yet.',
    });
    await welcome.locator('.monaco-button', { hasText: 'Show Output' }).waitFor();
    await wb.screenshot('02-experiments-welcome.png');
  });

  step('Train Studio: Show Output shows the Train Studio channel with the activation line', async (wb) => {
    await wb.palette('Train Studio: Show Output');
    const panel = wb.page.locator('.part.panel');
    await panel.locator('.composite-bar .action-item.checked', { hasText: 'Output' }).waitFor();
    await panel.locator('.view-lines', { hasText: `Train Studio ${version} activated in` }).waitFor();
    assert.equal(await panel.locator('select.monaco-select-box:visible').inputValue(), 'Train Studio');
    await wb.screenshot('03-output.png');
  });

  step(
    'a broken hyperparameters.yaml shows Train Studio diagnostics in the editor and the Problems view',
    async (wb) => {
      await wb.page.keyboard.press('Control+P');
      const input = wb.page.locator('.quick-input-widget input');
      await input.fill('hyperparameters.yaml');
      await wb.page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'hyperparameters.yaml' })
        .first()
        .click();
      const editor = wb.page.locator('.editor-instance .monaco-editor').first();
      await editor.locator('.squiggly-error').first().waitFor();
      await wb.palette('View: Focus Problems');
      const problems = wb.page.locator('.part.panel .markers-panel');
      await problems.locator('.monaco-list-row', { hasText: 'Did you mean `lr_scheduler`?' }).waitFor();
      await problems.locator('.monaco-list-row', { hasText: '`lr` must be' }).waitFor();
      await wb.screenshot('04-config-diagnostics.png');
    },
  );
});
