import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEWS } from '../../src/extension/ids';
import { trainStudio, waitFor } from './host';

// Read while mocha loads the suite files, before any test of any suite has run.
const activeBeforeAnyTest = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;

describe('activation', () => {
  it('finds the extension by id, not yet active (activation is lazy)', () => {
    trainStudio();
    assert.equal(activeBeforeAnyTest, false, 'the extension was active before anything triggered it');
  });

  it('activates when the Experiments view is opened', async () => {
    const extension = trainStudio();
    assert.equal(
      extension.isActive,
      false,
      'precondition: already active (activated eagerly, or by a suite that ran before this one)',
    );
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEWS.container}`);
    await vscode.commands.executeCommand(`${VIEWS.experiments}.focus`);
    await waitFor(() => extension.isActive, 'the Experiments view to activate the extension');
  });
});
