import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { ARTIFACTS_DIR, readManifest } from '../paths';
import { useWorkbenchSession } from './session';
import { stepSequence } from './steps';
import { STEP_TIMEOUT_MS } from './workbench';
import type { Workbench } from './workbench';

// Drives the packaged extension (dist/train-studio.vsix) in code-server's web workbench, as a user would.
const SCREENSHOT_DIR = path.join(ARTIFACTS_DIR, 'ui', 'smoke');
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
  const session = useWorkbenchSession({
    screenshotDir: SCREENSHOT_DIR,
    prepare: (workspace) => {
      fs.writeFileSync(path.join(workspace, 'hyperparameters.yaml'), BROKEN_HYPERPARAMETERS);
    },
  });

  const sequence = stepSequence(session.workbench);
  const step = (name: string, body: (workbench: Workbench) => Promise<void>) => {
    sequence(name, 2 * STEP_TIMEOUT_MS, body);
  };

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
