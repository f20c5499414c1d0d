import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeResolver, NodeUnavailableError } from '../../../../src/extension/workbench/runs/nodeExecutable';
import { readManifest, REPO_ROOT } from '../../../paths';

// Real processes: the Node running these tests, the built CLI (dist/cli.js), and small shell scripts that
// stand in for a wrong `node`.

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const VERSION = readManifest().version;

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-node-check-'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An executable script; `calls` counts its runs when the script appends to it. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A `node` that runs the real one and counts how often it was started. */
function countingNode(name: string): { file: string; runs: () => number } {
  const counter = path.join(dir, `${name}.count`);
  const file = script(name, `echo run >> '${counter}'\nexec '${process.execPath}' "$@"`);
  return {
    file,
    runs: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').length - 1 : 0),
  };
}

const resolver = (nodePath: () => string, version = VERSION, cliPath = CLI) =>
  new NodeResolver({ cliPath, version, nodePath });

async function problemOf(nodePath: string, version = VERSION, cliPath = CLI): Promise<NodeUnavailableError> {
  const error = await resolver(() => nodePath, version, cliPath)
    .resolve()
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  assert.ok(error instanceof NodeUnavailableError, `expected a NodeUnavailableError, got ${String(error)}`);
  return error;
}

const posixOnly = { skip: process.platform === 'win32' ? 'shell scripts stand in for node' : false };

describe('the Node that runs the trainer', () => {
  it('is the `node` on PATH when the setting is empty', async () => {
    assert.equal(await resolver(() => '').resolve(), 'node');
  });

  it('is the setting when it names a Node that runs this CLI', async () => {
    assert.equal(await resolver(() => process.execPath).resolve(), process.execPath);
  });

  it('names a missing file, the setting and the fix', async () => {
    const missing = path.join(dir, 'no-such-node');
    const error = await problemOf(missing);
    assert.equal(
      error.message,
      `Train Studio cannot start the trainer with ${missing} (the setting trainStudio.nodePath): it was not found.`,
    );
    assert.match(
      error.hint,
      /^Set trainStudio\.nodePath to a Node\.js 20\.15 \(or newer\) executable, or install Node\.js 20\.15\+ so that `node` is on PATH\.$/,
    );
  });

  it('refuses a program that is not Node', posixOnly, async () => {
    const error = await problemOf(script('python', 'echo "Python 3.11.2"'));
    assert.match(error.message, /it is not Node\.js: `.*python --version` printed "Python 3\.11\.2"\.$/);
  });

  it('refuses a Node older than 20.15, saying which it is', posixOnly, async () => {
    const error = await problemOf(script('old-node', 'echo v18.20.4'));
    assert.match(error.message, /it is Node\.js v18\.20\.4, and the trainer needs 20\.15 or newer\.$/);
  });

  it('refuses a Node that cannot run the CLI, quoting its error', async () => {
    const error = await problemOf(process.execPath, VERSION, path.join(dir, 'missing-cli.js'));
    assert.match(
      error.message,
      /missing-cli\.js --version` exited with code 1: "Error: Cannot find module '.*missing-cli\.js'"\.$/,
    );
  });

  it("refuses a CLI whose version is not this extension's", async () => {
    const error = await problemOf(process.execPath, '9.9.9');
    assert.match(
      error.message,
      new RegExp(
        `printed the version "${VERSION.replaceAll('.', '\\.')}", not this extension's 9\\.9\\.9\\.$`,
      ),
    );
  });

  it('checks once per setting value, and again when the setting changes', posixOnly, async () => {
    const first = countingNode('node-a');
    const second = countingNode('node-b');
    let setting = first.file;
    const node = resolver(() => setting);
    assert.equal(await node.resolve(), first.file);
    const checkRuns = first.runs();
    assert.equal(checkRuns, 2, '`node --version` and `node cli.js --version`');
    await node.resolve();
    assert.equal(first.runs(), checkRuns, 'the same setting is not checked again');
    setting = second.file;
    assert.equal(await node.resolve(), second.file);
    assert.equal(second.runs(), 2);
    setting = first.file;
    await node.resolve();
    assert.equal(first.runs(), 2 * checkRuns, 'changed back: checked again');
  });

  it('retries after a failure: installing Node needs no reload', posixOnly, async () => {
    const file = path.join(dir, 'installed-later');
    const node = resolver(() => file);
    await assert.rejects(node.resolve(), NodeUnavailableError);
    fs.writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    assert.equal(await node.resolve(), file);
  });
});
