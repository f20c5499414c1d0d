import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO_ROOT } from '../paths';

// Lints snippets as if they lived at a given path, with only the layer rule on: this checks the rule the
// project's lint actually runs, without needing the snippet to exist in the TypeScript project.
async function lintAs(relativePath: string, code: string): Promise<string[]> {
  const pluginUrl = pathToFileURL(path.join(REPO_ROOT, 'eslint/layers.mjs')).href;
  const { default: plugin } = (await import(pluginUrl)) as { default: ESLint.Plugin };
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { 'train-studio': plugin },
      rules: { 'train-studio/layers': 'error' },
    },
  ];
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relativePath) });
  return (result?.messages ?? []).map((message) => message.message);
}

describe('layer lint rule', () => {
  it('lets a layer import the layers below it', async () => {
    assert.deepEqual(await lintAs('src/engine/model.ts', "import { x } from '../data/reader';"), []);
    assert.deepEqual(await lintAs('src/cli/main.ts', "export * from '../trainapp/run';"), []);
    assert.deepEqual(await lintAs('webview/panel.ts', "import type { M } from '../src/core/messages';"), []);
  });

  it('fails an upward import, naming both layers', async () => {
    const [message] = await lintAs('src/core/schema.ts', "import { read } from '../data/reader';");
    assert.match(message ?? '', /Layer 'core' may not import layer 'data'/);
    assert.equal((await lintAs('src/data/x.ts', "const m = require('../engine/train');")).length, 1);
    assert.equal((await lintAs('src/metrics/ap.ts', "void import('../trainapp/run');")).length, 1);
  });

  it('keeps the extension host away from the engine and the CLI', async () => {
    assert.equal((await lintAs('src/extension/a.ts', "import '../engine/train';")).length, 1);
    assert.equal((await lintAs('src/extension/a.ts', "import '../cli/main';")).length, 1);
    assert.deepEqual(await lintAs('src/extension/a.ts', "import '../trainapp/registry';"), []);
  });

  it('keeps the webview to core messages only', async () => {
    assert.equal((await lintAs('webview/a.ts', "import '../src/data/reader';")).length, 1);
    assert.equal((await lintAs('webview/a.ts', "import fs from 'node:fs';")).length, 1);
  });

  it('allows vscode only in src/extension and the extension-host tests', async () => {
    assert.deepEqual(await lintAs('src/extension/a.ts', "import * as vscode from 'vscode';"), []);
    assert.deepEqual(await lintAs('test/integration/a.test.ts', "import * as vscode from 'vscode';"), []);
    for (const file of ['src/core/a.ts', 'src/trainapp/a.ts', 'webview/a.ts', 'test/unit/a.test.ts']) {
      const [message] = await lintAs(file, "import * as vscode from 'vscode';");
      assert.match(message ?? '', /Only src\/extension may import 'vscode'/, file);
    }
  });

  it('allows tfjs only in src/engine', async () => {
    assert.deepEqual(await lintAs('src/engine/a.ts', "import * as tf from '@tensorflow/tfjs-core';"), []);
    for (const file of ['src/trainapp/a.ts', 'src/cli/a.ts', 'src/extension/a.ts', 'test/unit/a.test.ts']) {
      const [message] = await lintAs(file, "import * as tf from '@tensorflow/tfjs-node-gpu';");
      assert.match(message ?? '', /Only src\/engine may import tfjs/, file);
    }
  });

  it('keeps core and metrics free of Node built-ins', async () => {
    assert.equal((await lintAs('src/core/a.ts', "import path from 'path';")).length, 1);
    assert.equal(
      (await lintAs('src/metrics/a.ts', "import { readFile } from 'node:fs/promises';")).length,
      1,
    );
    assert.deepEqual(await lintAs('src/data/a.ts', "import fs from 'node:fs';"), []);
  });
});
