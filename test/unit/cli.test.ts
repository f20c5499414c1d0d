import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCliInProcess } from '../cliInProcess';
import { REPO_ROOT } from '../paths';

describe('train-studio CLI', () => {
  it('prints help listing its commands, with no arguments too', async () => {
    for (const argv of [['--help'], ['-h'], []]) {
      const { code, out } = await runCliInProcess(argv);
      assert.equal(code, 0);
      assert.match(out, /^Usage: train-studio <command>/);
      assert.match(out, /^ {2}doctor {2}/m);
    }
  });

  it('rejects an unknown command with exit 2 and one line that says what to do', async () => {
    const { code, err, out } = await runCliInProcess(['trian']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(
      err,
      "train-studio: unknown command 'trian'. Run 'train-studio --help' to see the commands.",
    );
  });

  it('doctor explains the CPU fallback in one message when the GPU runtime is absent', async () => {
    const { code, out } = await runCliInProcess(['doctor']);
    assert.equal(code, 0);
    assert.match(out, /^gpu backend {2}not installed$/m);
    assert.equal(out.match(/GPU training is off/g)?.length, 1);
  });

  it('doctor finds a GPU runtime installed in the workspace', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-doctor-'));
    try {
      const packageDir = path.join(workspace, 'node_modules/@tensorflow/tfjs-node-gpu');
      fs.mkdirSync(packageDir, { recursive: true });
      fs.writeFileSync(
        path.join(packageDir, 'package.json'),
        '{"name":"@tensorflow/tfjs-node-gpu","main":"index.js"}',
      );
      fs.writeFileSync(path.join(packageDir, 'index.js'), '');
      const { code, out } = await runCliInProcess(['doctor'], workspace);
      assert.equal(code, 0);
      assert.match(out, /^gpu backend {2}found at .*tfjs-node-gpu[/\\]index\.js$/m);
      assert.doesNotMatch(out, /GPU training is off/);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('the built CLI turns an unknown command into exit 2 without a stack trace', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'nope'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 2);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('the built CLI reports an internal error in one line, exit 70, and no stack trace', () => {
    // Copied away from its package.json, the CLI cannot know its own version: a Train Studio bug, not a user's.
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-cli-alone-'));
    try {
      fs.copyFileSync(path.join(REPO_ROOT, 'dist/cli.js'), path.join(lonely, 'cli.js'));
      const result = spawnSync(process.execPath, [path.join(lonely, 'cli.js'), '--version'], {
        encoding: 'utf8',
        env: { ...process.env, TRAIN_STUDIO_DEBUG: '' },
      });
      assert.equal(result.status, 70);
      assert.match(
        result.stderr,
        /^train-studio: internal error: train-studio package\.json not found above /,
      );
      assert.match(result.stderr, /Set TRAIN_STUDIO_DEBUG=1 for the details/);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    } finally {
      fs.rmSync(lonely, { recursive: true, force: true });
    }
  });
});
