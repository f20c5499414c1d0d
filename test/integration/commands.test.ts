import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/ids';
import { trainStudio, visibleOutputText, waitFor } from './host';

interface Manifest {
  version: string;
  contributes?: { commands?: { command: string }[] };
}

const manifest = (): Manifest => trainStudio().packageJSON as Manifest;

describe('commands', () => {
  before(async () => {
    await trainStudio().activate();
  });

  it('registers Show Output', async () => {
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes(COMMANDS.showOutput), `${COMMANDS.showOutput} is not registered`);
  });

  it('registers every command the manifest contributes', async () => {
    const contributed = (manifest().contributes?.commands ?? []).map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
      'contributed in package.json but not registered',
    );
  });

  it('Show Output reveals the channel with the activation line', async () => {
    const activationLine = `Train Studio ${manifest().version} activated in`;
    assert.deepEqual(visibleOutputText(), [], 'precondition: no output channel is shown yet');
    await vscode.commands.executeCommand(COMMANDS.showOutput);
    await waitFor(
      () => visibleOutputText().some((text) => text.includes(activationLine)),
      `an output channel showing '${activationLine}'`,
    );
  });
});
