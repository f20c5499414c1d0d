import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExperimentInfo } from '../../src/core/schemas';
import { ofType } from './support';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, FRAMEWORK_FIXTURES, readJson } from './workspace';

// A user's own framework through the whole lifecycle: a JS or TS module exporting start(ctx), or a command
// in any language speaking the event protocol. Train Studio prepares the data, follows the progress,
// validates the result, brings its files into the experiment folder and finalises it.

let workspace: Workspace;
before(() => {
  workspace = createWorkspace('frameworks');
});
after(() => {
  workspace.remove();
});

function appStateFor(framework: string, extra: Record<string, unknown> = {}): string {
  return workspace.frameworkAppState(framework, extra);
}

const infoOf = (dir: string) => ExperimentInfo.parse(readJson(path.join(dir, 'experiment_info.json')));

describe('a custom framework', () => {
  for (const framework of ['js-module', 'ts-module', 'external-node', 'external-sh']) {
    it(`trains through ${framework} into a finished experiment folder`, async () => {
      const trainer = workspace.cli(['train', '--app-state', appStateFor(framework), '--events']);
      const { code, stderr } = await trainer.exited;
      assert.equal(code, 0, stderr);
      const dir = experimentDirOf(stderr);
      const info = infoOf(dir);
      assert.equal(info.status, 'completed');
      assert.equal(info.model_name, 'Fake-S');
      assert.equal(info.task_type, 'object detection');
      assert.ok(info.best_checkpoint);
      for (const checkpoint of info.checkpoints) {
        assert.ok(!checkpoint.startsWith('..') && !path.isAbsolute(checkpoint), checkpoint);
        assert.ok(fs.existsSync(path.join(dir, checkpoint)), checkpoint);
      }
      assert.ok(ofType(trainer.events, 'epoch_finished').length >= 1);
      assert.equal(ofType(trainer.events, 'train_finished').length, 1, 'only the lifecycle ends the run');
      assert.ok(fs.existsSync(path.join(dir, 'logs/metrics.jsonl')));
      assert.deepEqual(readJson(path.join(dir, 'model_meta.json')).classes instanceof Array, true);
      const split = readJson(path.join(dir, 'train_val_split.json')) as { train: string[] };
      assert.ok(split.train.length > 0);
    });
  }

  it('stops a command framework through its stdin, and keeps what it saved', async () => {
    const trainer = workspace.cli(['train', '--app-state', appStateFor('slow-stoppable'), '--events']);
    await trainer.waitFor((event) => event.type === 'epoch_finished');
    trainer.child.kill('SIGTERM');
    const { code, stderr } = await trainer.exited;
    assert.equal(code, 0, stderr);
    const info = infoOf(experimentDirOf(stderr));
    assert.equal(info.status, 'stopped');
    assert.ok(info.checkpoints.length > 0);
  });

  const failures: readonly { framework: string; expect: RegExp }[] = [
    { framework: 'throws-in-start', expect: /start\(\) failed/ },
    { framework: 'no-start-export', expect: /start/ },
    { framework: 'ts-compile-error', expect: /Cannot compile/ },
    { framework: 'exits-nonzero', expect: /code 3|exit/i },
    { framework: 'prints-garbage', expect: /line 1|not .*event/i },
    { framework: 'no-result', expect: /result/ },
    { framework: 'bad-result', expect: /model_name is missing/ },
  ];
  for (const { framework, expect } of failures) {
    it(`fails the run with one clear message when ${framework}`, async () => {
      const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', appStateFor(framework)])
        .exited;
      assert.equal(code, 1, stderr);
      assert.match(stderr, expect);
      assert.match(stderr, /Log: /);
      assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace on the terminal');
      const info = infoOf(experimentDirOf(stdout));
      assert.equal(info.status, 'failed');
      assert.match(info.error?.message ?? '', expect);
    });
  }

  it('hands a coco framework converted data, and records the metrics its result reports', async () => {
    const dir = path.join(workspace.dir, 'coco-framework');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(FRAMEWORK_FIXTURES, 'js-module/models.json'), path.join(dir, 'models.json'));
    workspace.write(
      'coco-framework/framework.json',
      JSON.stringify({ name: 'coco-check', target_format: 'coco', start: { module: 'train.js' } }),
    );
    // Reports what it was given as metrics, so the test sees it through experiment_info.json.
    workspace.write(
      'coco-framework/train.js',
      [
        "const fs = require('node:fs');",
        "const path = require('node:path');",
        'exports.start = async (ctx) => {',
        "  const train = JSON.parse(fs.readFileSync(path.join(ctx.dataset.dir, 'train.json'), 'utf8'));",
        "  const weights = path.join(ctx.paths.workDir, 'weights.bin');",
        "  fs.writeFileSync(weights, 'w');",
        '  return {',
        '    model_name: ctx.model.name,',
        '    checkpoints: [weights],',
        "    best_checkpoint: 'weights.bin',",
        '    model_files: {},',
        '    evaluation_metrics: { train_images: train.images.length, categories: train.categories.length },',
        '  };',
        '};',
        '',
      ].join('\n'),
    );
    const appState = appStateFor('coco-framework', { framework: 'coco-framework', hyperparameters: '' });
    const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', appState]).exited;
    assert.equal(code, 0, stderr);
    const experimentDir = experimentDirOf(stdout);
    const info = infoOf(experimentDir);
    assert.equal(info.evaluation_metrics.categories, 2);
    assert.equal(info.evaluation_metrics.train_images, info.train_size);
    assert.deepEqual(info.checkpoints, ['checkpoints/weights.bin'], 'the checkpoint was copied in');
    assert.ok(fs.existsSync(path.join(experimentDir, 'checkpoints/weights.bin')));
    assert.ok(
      !fs.existsSync(path.join(experimentDir, '.work')),
      'the converted data went with the work folder',
    );
    assert.ok(!fs.existsSync(path.join(workspace.dir, 'data/objects/supervisely/train.json')));
  });

  it('keeps the stack of a failing start() for the log file', async () => {
    const { stdout } = await workspace.cli(['train', '--app-state', appStateFor('throws-in-start')]).exited;
    const log = fs.readFileSync(path.join(experimentDirOf(stdout), 'logs/train.log'), 'utf8');
    assert.match(log, /train\.ts:\d+/);
  });
});
