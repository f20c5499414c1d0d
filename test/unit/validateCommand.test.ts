import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCliInProcess } from '../cliInProcess';
import { generateFixtures } from '../fixtures/generate';

// `train-studio validate` on real files in a temporary workspace: a project folder, a framework folder
// with its models.json, and config files that are broken in known places.

let workspace: string;

function write(relative: string, contents: string | Uint8Array): string {
  const target = path.join(workspace, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, contents);
  return relative;
}

/** `file:line:col` of the first occurrence of `needle` in a file, 1-based as the CLI prints it. */
function at(relative: string, needle: string): string {
  const text = fs.readFileSync(path.join(workspace, relative), 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in ${relative}`);
  const lines = text.slice(0, offset).split('\n');
  return `${relative}:${String(lines.length)}:${String((lines.at(-1)?.length ?? 0) + 1)}`;
}

const validate = (...args: string[]) => runCliInProcess(['validate', ...args], workspace);

const BUILTIN_HYPERPARAMETERS = 'epochs: 10\nbatch_size: 8\noptimizer:\n  type: SGD\n  lr: 0.01\n';

const appState = (fields: Record<string, unknown>): string =>
  `${JSON.stringify(
    {
      input: { project: 'data/shapes' },
      train_val_split: { method: 'random', percent: 80, seed: 7 },
      classes: ['square'],
      model: { source: 'Pretrained models', model_name: 'Tiny' },
      framework: 'frameworks/mine',
      ...fields,
    },
    null,
    2,
  )}\n`;

before(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-validate-'));
  write(
    'data/shapes/meta.json',
    JSON.stringify({ classes: [{ title: 'square', shape: 'rectangle', color: '#FF0000' }], tags: [] }),
  );
  write('frameworks/mine/weights/tiny.bin', 'weights');
  write(
    'frameworks/mine/models.json',
    JSON.stringify(
      [
        {
          Model: 'Tiny',
          meta: { task_type: 'object detection', model_files: { checkpoint: 'weights/tiny.bin' } },
        },
        {
          Model: 'Small',
          meta: { task_type: 'object detection', model_files: { checkpoint: 'weights/small.bin' } },
        },
      ],
      null,
      2,
    ),
  );
});

after(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
});

describe('train-studio validate', () => {
  it('prints nothing on stdout and exits 0 for clean files', async () => {
    const file = write('clean/hyperparameters.yaml', BUILTIN_HYPERPARAMETERS);
    const run = await validate(
      file,
      write(
        'clean/app_state.json',
        appState({ framework: '../frameworks/mine', input: { project: '../data/shapes' } }),
      ),
    );
    assert.equal(run.out, '');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /^2 files checked: 0 errors, 0 warnings, 0 information\.$/);
  });

  it('prints file:line:col severity message and exits 1 on a schema error', async () => {
    const file = write('bad/hyperparameters.yaml', 'epochs: 10\noptimizer:\n  lr: 50\n');
    const run = await validate(file);
    assert.equal(run.code, 1);
    assert.ok(run.out.startsWith(`${at(file, '50')} error `), run.out);
    assert.match(run.out, /lr/);
  });

  it('reports a local checkpoint that does not exist, at its value in models.json', async () => {
    const run = await validate('frameworks/mine/models.json');
    assert.equal(run.code, 1);
    assert.equal(
      run.out,
      `${at('frameworks/mine/models.json', '"weights/small.bin"')} error Checkpoint \`weights/small.bin\` does not exist (looked for ${path.join(workspace, 'frameworks/mine/weights/small.bin')}). A local path is relative to this models.json; a URL must start with a scheme such as https://.`,
    );
  });

  it('checks what app_state points at: project folder, classes, model name, framework folder', async () => {
    const file = write(
      'runs/app_state.json',
      appState({
        input: { project: '../data/shapes' },
        classes: ['square', 'sqare'],
        framework: '../frameworks/mine',
        model: { source: 'Pretrained models', model_name: 'Tiyn' },
      }),
    );
    const run = await validate(file);
    assert.equal(run.code, 1);
    assert.deepEqual(run.out.split('\n'), [
      `${at(file, '"sqare"')} error Class \`sqare\` is not in the project, whose classes are: square. Did you mean \`square\`?`,
      `${at(file, '"Tiyn"')} error No model \`Tiyn\` in mine's models.json; it offers: Tiny, Small. Did you mean \`Tiny\`?`,
    ]);

    const missing = write(
      'runs2/app_state.json',
      appState({ input: { project: 'nowhere' }, framework: 'nothing' }),
    );
    const second = await validate(missing);
    assert.equal(second.code, 1);
    const lines = second.out.split('\n');
    assert.equal(lines.length, 2, second.out);
    assert.ok(
      lines[0]?.startsWith(`${at(missing, '"nowhere"')} error Project folder \`nowhere\` does not exist`),
      lines[0],
    );
    assert.ok(
      lines[1]?.startsWith(`${at(missing, '"nothing"')} error Framework folder does not exist`),
      lines[1],
    );
  });

  it('checks a custom model’s experiment and checkpoint, and the collection files of a split', async () => {
    write('experiments/run1/checkpoints/best.json', '{}');
    const file = write(
      'custom/app_state.json',
      appState({
        input: { project: '../data/shapes' },
        framework: 'tfjs',
        train_val_split: {
          method: 'collections',
          train_collections: ['train.txt'],
          val_collections: ['val.txt'],
        },
        model: { source: 'Custom models', experiment: '../experiments/run1', checkpoint: 'last.json' },
      }),
    );
    write('custom/train.txt', 'train_a/0.png\n');
    const run = await validate(file);
    assert.equal(run.code, 1);
    assert.deepEqual(run.out.split('\n'), [
      `${at(file, '"val.txt"')} error Collection file \`val.txt\` does not exist (looked for ${path.join(workspace, 'custom/val.txt')}). It lists one \`dataset/item\` per line, relative to this app_state.json.`,
      `${at(file, '"last.json"')} error Checkpoint \`last.json\` is not in ${path.join(workspace, 'experiments/run1/checkpoints')}.`,
    ]);
  });

  it('checks classes against a COCO or YOLO project, whose classes come from its index', async () => {
    generateFixtures({ seed: 3, outDir: path.join(workspace, 'fixtures') });
    for (const format of ['coco', 'yolo']) {
      const file = write(
        `${format}/app_state.json`,
        appState({
          input: { project: `../fixtures/${format}` },
          classes: ['donut', 'circle'],
          framework: 'tfjs',
        }),
      );
      const run = await validate(file);
      assert.equal(run.code, 1);
      assert.equal(
        run.out,
        `${at(file, '"circle"')} error Class \`circle\` is not in the project, whose classes are: square, donut, triangle, blob, dot.`,
      );
    }
  });

  it('warns about an unknown app_options key without failing', async () => {
    const file = write('opts/app_options.yaml', 'model_benchmark: true\nshow_log_in_gui: false\n');
    const run = await validate(file);
    assert.equal(run.code, 0);
    assert.ok(run.out.startsWith(`${at(file, 'show_log_in_gui')} warning `), run.out);
    assert.match(run.out, /show_logs_in_gui/);
  });

  it('--kind checks a file named otherwise, and a file of unknown kind is a usage error', async () => {
    const file = write('named/defaults.yaml', 'epochs: 0\n');
    const unknown = await validate(file);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.err,
      /cannot tell what kind of config named\/defaults\.yaml is from the name; pass --kind/,
    );
    const forced = await validate('--kind', 'hyperparameters', file);
    assert.equal(forced.code, 1);
    assert.ok(forced.out.startsWith(`${at(file, '0')} error `), forced.out);
    const badOption = await validate('--strict', file);
    assert.equal(badOption.code, 2);
    assert.match(badOption.err, /^train-studio validate: unknown option '--strict'\.$/m);
    const badKind = await validate('--kind', 'model', file);
    assert.equal(badKind.code, 2);
    assert.match(badKind.err, /unknown kind 'model'; use one of models, app_options, hyperparameters/);
  });

  it('--framework says whose hyperparameters a file holds', async () => {
    const yolo = write('yolo/hyperparameters.yaml', 'epochs: 100\nimgsz: 640\nlr0: 0.01\nbatch: 16\n');
    const foreign = await validate(yolo);
    assert.equal(foreign.code, 0, foreign.out);
    assert.ok(
      foreign.out.split('\n').every((line) => line.includes(' information ')),
      foreign.out,
    );
    const forcedBuiltin = await validate('--framework', 'tfjs', yolo);
    assert.equal(forcedBuiltin.code, 1);
    assert.ok(forcedBuiltin.out.includes(`${at(yolo, 'imgsz')} error `), forcedBuiltin.out);
    const ours = write('ours/hyperparameters.yaml', 'epochs: 0\n');
    const forcedForeign = await validate('--framework', 'yolov8', ours);
    assert.equal(forcedForeign.code, 0, forcedForeign.out);
  });

  it('gives one finding for a missing, binary, non-UTF-8 or huge file, never a stack trace', async () => {
    const binary = write('junk/models.json', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x1a, 0xff]));
    const latin1 = write(
      'latin/app_options.yaml',
      new Uint8Array([...Buffer.from('demo:\n  path: caf'), 0xe9, 0x0a]),
    );
    const huge = write('huge/hyperparameters.yaml', `# ${'x'.repeat(50 * 1024 * 1024)}\n`);
    for (const file of ['missing/app_state.json', binary, latin1, huge]) {
      const run = await validate(file);
      const lines = run.out.split('\n');
      assert.equal(lines.length, 1, `${file}: ${run.out}`);
      assert.match(lines[0] ?? '', new RegExp(`^${file.replace('.', '\\.')}:1:1 (error|information) `));
      assert.doesNotMatch(run.out + run.err, /\n\s+at /, 'a stack trace');
    }
    assert.match((await validate('missing/app_state.json')).out, /error The file does not exist\./);
    assert.match((await validate(huge)).out, /information Not validated: the file is 52\.4 MB/);
    assert.equal((await validate(huge)).code, 0);
  });

  it('treats a path that runs through a file as missing, for the file checked and for what it names', async () => {
    write('afile', 'not a folder');
    const through = await validate('afile/app_state.json');
    assert.match(through.out, /^afile\/app_state\.json:1:1 error The file does not exist\.$/);
    const named = write('through/app_state.json', appState({ input: { project: '../afile/sub' } }));
    const run = await validate(named);
    assert.equal(run.code, 1);
    assert.match(run.out, /Project folder `\.\.\/afile\/sub` does not exist/);
    assert.doesNotMatch(run.out + run.err, /internal error|\n\s+at /);
  });
});
