import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readManifest, REPO_ROOT } from '../paths';

// These check the real esbuild output (npm test builds before it runs the unit tests).
interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

function readMetafile(bundle: string): Metafile {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'dist', `${bundle}.meta.json`), 'utf8')) as Metafile;
}

function externalImports(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
}

describe('bundles', () => {
  it('keeps the extension host light: no engine, CLI, tfjs or image codecs in the extension bundles', () => {
    for (const bundle of ['extension', 'workbench', 'configLanguage']) {
      const metafile = readMetafile(bundle);
      const heavy = Object.keys(metafile.inputs).filter((input) =>
        /^src\/(engine|cli)\/|^src\/trainapp\/(frameworks|run|logs)\/|@tensorflow|node_modules\/(sharp|esbuild)|onnxruntime/.test(
          input,
        ),
      );
      assert.deepEqual(heavy, [], bundle);
      assert.deepEqual(
        // yaml's Node build requires `process` and `buffer` without the node: prefix; they are built-ins too.
        externalImports(metafile).filter(
          (name) =>
            !builtinModules.includes(name.replace(/^node:/, '')) &&
            name !== 'vscode' &&
            name !== './configLanguage.js' &&
            name !== './workbench.js',
        ),
        [],
        `the only non-builtin externals of ${bundle} are vscode and our own bundles`,
      );
    }
  });

  it('activates without zod or yaml: they are only in the bundles required on demand', () => {
    const activation = Object.keys(readMetafile('extension').inputs);
    assert.deepEqual(
      activation.filter((input) => /node_modules\/(zod|yaml)\//.test(input)),
      [],
      'the validator leaked into dist/extension.js',
    );
    const activationCode = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'extension.js'), 'utf8');
    for (const onDemand of ['./configLanguage.js', './workbench.js']) {
      assert.ok(externalImports(readMetafile('extension')).includes(onDemand), onDemand);
      assert.ok(activationCode.includes(`require("${onDemand}")`), `${onDemand} is required on demand`);
    }
    const validator = Object.keys(readMetafile('configLanguage').inputs);
    assert.ok(validator.some((input) => input.includes('node_modules/zod/')));
    assert.ok(validator.includes('src/extension/configLanguage/index.ts'));
    assert.ok(Object.keys(readMetafile('workbench').inputs).includes('src/extension/workbench/index.ts'));
  });

  it('bundles jsonc-parser from its ES modules: its UMD build requires files esbuild cannot see', () => {
    const inputs = Object.keys(readMetafile('workbench').inputs).filter((input) =>
      input.includes('jsonc-parser/'),
    );
    assert.ok(inputs.length > 0, 'the panel edits app_state.json with jsonc-parser');
    assert.deepEqual(
      inputs.filter((input) => input.includes('/lib/umd/')),
      [],
    );
  });

  it('leaves native packages out of the CLI bundle, to be found at run time', () => {
    const inputs = Object.keys(readMetafile('cli').inputs);
    assert.deepEqual(
      inputs.filter((input) => input.includes('@tensorflow/tfjs-node')),
      [],
    );
    assert.ok(inputs.includes('src/cli/main.ts'));
  });

  it('builds the webview for the browser from core messages and the maintained toolkit', () => {
    const inputs = Object.keys(readMetafile('webview').inputs);
    assert.ok(inputs.some((input) => input.includes('@vscode-elements/elements')));
    assert.deepEqual(
      inputs.filter((input) => input.startsWith('src/') && !input.startsWith('src/core/')),
      [],
    );
    assert.deepEqual(externalImports(readMetafile('webview')), []);
  });

  it('produces a CLI that runs on its own, with a shebang', () => {
    const cli = path.join(REPO_ROOT, 'dist/cli.js');
    assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), readManifest().version);
  });
});
