import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, EXTENSION_ID, VIEWS } from '../../src/extension/ids';
import { readManifest, REPO_ROOT } from '../paths';

const manifest = readManifest();

describe('extension manifest', () => {
  it('identifies the extension and targets the VS Code we test in', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.equal(manifest.displayName, 'Train Studio');
    // code-server 4.100.3 is VS Code 1.100.3: a higher floor makes the extension silently not load.
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '~1.100.0');
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('activates lazily only', () => {
    const eager = ['*', 'onStartupFinished'];
    for (const event of manifest.activationEvents) {
      assert.ok(!eager.includes(event), `eager activation event ${event}`);
      assert.ok(!event.startsWith('workspaceContains:'), `activation on workspace contents: ${event}`);
    }
    assert.ok(manifest.activationEvents.includes(`onView:${VIEWS.experiments}`));
    // The config files are JSON and YAML: opening one is what asks for their diagnostics.
    assert.ok(manifest.activationEvents.includes('onLanguage:json'));
    assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
  });

  it('contributes the Train Studio container, the Experiments view and its welcome content', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === VIEWS.container);
    assert.ok(container, `no activity-bar container '${VIEWS.container}'`);
    assert.equal(container.title, 'Train Studio');
    assert.ok(fs.existsSync(path.join(REPO_ROOT, container.icon)), 'container icon file exists');
    assert.deepEqual(
      manifest.contributes.views[VIEWS.container]?.map((view) => view.id),
      [VIEWS.experiments],
    );
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === VIEWS.experiments);
    assert.match(welcome?.contents ?? '', new RegExp(`\\(command:${COMMANDS.showOutput}\\)`));
  });

  it('contributes exactly the commands the extension implements', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    const showOutput = manifest.contributes.commands.find((c) => c.command === COMMANDS.showOutput);
    assert.equal(`${showOutput?.category ?? ''}: ${showOutput?.title ?? ''}`, 'Train Studio: Show Output');
  });

  it('keeps the GPU runtime optional, so a fresh install never downloads libtensorflow', () => {
    assert.ok('@tensorflow/tfjs-node-gpu' in manifest.optionalDependencies);
    assert.ok(!('@tensorflow/tfjs-node-gpu' in manifest.dependencies));
    assert.ok(!('@tensorflow/tfjs-node-gpu' in manifest.devDependencies));
  });

  it('uses the maintained webview toolkit, not the deprecated one', () => {
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    assert.ok('@vscode-elements/elements' in all);
    assert.ok(!('@vscode/webview-ui-toolkit' in all));
  });
});
