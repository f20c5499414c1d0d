import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadFramework } from '../../../../src/trainapp/frameworks/loadFramework';
import { fixtureDir, makeRun, problemOf, removeTempFolders, typesOf, writeFramework } from './support';

after(removeTempFolders);

const EPOCH_OF_3_STEPS = [
  'epoch_started',
  'step_finished',
  'step_finished',
  'step_finished',
  'epoch_finished',
];

describe('module frameworks: good ones', () => {
  it('runs a CommonJS module where it is: events in order, checkpoints on disk, its result as returned', async () => {
    const framework = loadFramework(fixtureDir('js-module'));
    assert.equal(framework.name, 'fake-js');
    assert.equal(framework.targetFormat, 'none');
    const run = makeRun();
    const result = await framework.start(run.context);

    const { checkpointsDir } = run.context.paths;
    const checkpoints = ['epoch_1.json', 'epoch_2.json', 'last.json'].map((name) =>
      path.join(checkpointsDir, name),
    );
    assert.deepEqual(result, {
      model_name: 'Fake-S',
      checkpoints,
      best_checkpoint: 'last.json',
      model_files: {},
    });
    for (const file of checkpoints) assert.ok(fs.existsSync(file), file);
    // 5 training images in batches of 2: 3 steps an epoch.
    assert.deepEqual(typesOf(run.events), ['train_started', 'log', ...EPOCH_OF_3_STEPS, ...EPOCH_OF_3_STEPS]);
    assert.deepEqual(run.events[1], { type: 'log', level: 'info', message: 'training Fake-S on 5 images' });
    assert.ok(!fs.existsSync(path.join(run.context.paths.workDir, 'module')), 'CommonJS is not compiled');
  });

  it('compiles a TypeScript module with a local helper and a package import, and trains with it', async () => {
    const run = makeRun();
    const result = (await loadFramework(fixtureDir('ts-module')).start(run.context)) as Record<
      string,
      unknown
    >;

    const { checkpointsDir } = run.context.paths;
    const config = path.join(checkpointsDir, 'config.yaml');
    assert.deepEqual(result, {
      model_name: 'Fake-S',
      checkpoints: [path.join(checkpointsDir, 'epoch_1.json'), path.join(checkpointsDir, 'epoch_2.json')],
      best_checkpoint: 'epoch_2.json',
      model_files: { config },
    });
    assert.deepEqual(parseYaml(fs.readFileSync(config, 'utf8')), { arch: 'fake', classes: ['cat', 'dog'] });
    assert.deepEqual(typesOf(run.events), ['train_started', ...EPOCH_OF_3_STEPS, ...EPOCH_OF_3_STEPS]);
    assert.ok(fs.existsSync(path.join(run.context.paths.workDir, 'module', 'train.cjs')));
  });

  it("gives the compiled module an inline source map whose sources are the user's files, with their text", async () => {
    const run = makeRun();
    await loadFramework(fixtureDir('ts-module')).start(run.context);

    const compiled = path.join(run.context.paths.workDir, 'module', 'train.cjs');
    const base64 = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/u.exec(
      fs.readFileSync(compiled, 'utf8'),
    )?.[1];
    assert.ok(base64, 'an inline source map at the end of the compiled file');
    const map = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    const sources = map.sources.map((source) => path.resolve(path.dirname(compiled), source));
    for (const name of ['train.ts', 'fakeModel.ts']) {
      const file = path.join(fixtureDir('ts-module'), name);
      const index = sources.indexOf(file);
      assert.ok(index >= 0, `${file} among ${sources.join(', ')}`);
      assert.equal(map.sourcesContent[index], fs.readFileSync(file, 'utf8'));
    }
  });

  it('ends early when a stop is requested between steps, and still returns its result', async () => {
    const run = makeRun({
      hyperparameters: { epochs: 5, batch_size: 2 },
      onEvent: (event, self) => {
        if (event.type === 'epoch_finished') self.stop.requestStop('test');
      },
    });
    const result = await loadFramework(fixtureDir('js-module')).start(run.context);

    const { checkpointsDir } = run.context.paths;
    assert.deepEqual(result, {
      model_name: 'Fake-S',
      checkpoints: [path.join(checkpointsDir, 'epoch_1.json'), path.join(checkpointsDir, 'last.json')],
      best_checkpoint: 'last.json',
      model_files: {},
    });
    assert.deepEqual(typesOf(run.events), ['train_started', 'log', ...EPOCH_OF_3_STEPS]);
  });

  it('finds start as a default export object, a default function, or module.exports itself', async () => {
    const forms: Record<string, string> = {
      'default.mjs': "export default { start: () => ({ form: 'default object' }) };",
      'function.mts': "export default function (): { form: string } { return { form: 'default function' }; }",
      'exports.cjs': "module.exports = async () => ({ form: 'module.exports' });",
    };
    const found: unknown[] = [];
    for (const [file, text] of Object.entries(forms)) {
      const dir = writeFramework({ start: { module: file } }, { [file]: text });
      found.push(await loadFramework(dir).start(makeRun().context));
    }
    assert.deepEqual(found, [
      { form: 'default object' },
      { form: 'default function' },
      { form: 'module.exports' },
    ]);
  });

  it('compiles a .js file of an ES-module package, and logs esbuild’s warnings', async () => {
    const dir = writeFramework(
      { start: { module: 'train.js' } },
      {
        'package.json': '{ "type": "module" }',
        'train.js': 'export const start = () => ({ url: typeof import.meta.url });',
      },
    );
    const run = makeRun();
    assert.deepEqual(await loadFramework(dir).start(run.context), { url: 'undefined' });
    const warnings = run.events.filter((event) => event.type === 'log' && event.level === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]?.type === 'log' ? warnings[0].message : '',
      new RegExp(`^esbuild: ${path.join(dir, 'train.js')}:1:\\d+: "import.meta" is not available`, 'u'),
    );
  });
});

describe('module frameworks: broken ones', () => {
  it('reports an exception thrown by start() in one line, with the source-mapped stack as its cause', async () => {
    const problem = await problemOf(() =>
      loadFramework(fixtureDir('throws-in-start')).start(makeRun().context),
    );
    const file = path.join(fixtureDir('throws-in-start'), 'train.ts');
    assert.equal(problem.message, 'throws start() failed: weights file imagenet.bin is corrupt');
    assert.match(problem.hint, /logs\/train\.log/u);
    assert.equal(problem.file, file);
    assert.ok(problem.cause instanceof Error);
    // Line 6 of train.ts is the throw: the stack names the user's source, not the compiled copy.
    assert.match(problem.cause.stack ?? '', new RegExp(`${file.replaceAll('.', '\\.')}:6:\\d+`, 'u'));
  });

  it('names the exports a module has when start is not one of them', async () => {
    const file = path.join(fixtureDir('no-start-export'), 'train.cjs');
    const problem = await problemOf(() =>
      loadFramework(fixtureDir('no-start-export')).start(makeRun().context),
    );
    assert.equal(problem.message, `${file} does not export a start function (it exports: train, version).`);
    assert.match(problem.hint, /export async function start\(ctx\)/u);
    assert.equal(problem.file, file);
  });

  it('says a module that exports nothing exports nothing', async () => {
    const dir = writeFramework({ start: { module: 'train.mjs' } }, { 'train.mjs': 'console.log;\n' });
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.match(problem.message, /does not export a start function \(it exports nothing\)\.$/u);
  });

  it("reports esbuild's first error at its file, line and column", async () => {
    const file = path.join(fixtureDir('ts-compile-error'), 'train.mts');
    const problem = await problemOf(() =>
      loadFramework(fixtureDir('ts-compile-error')).start(makeRun().context),
    );
    assert.equal(problem.message, `Cannot compile ${file}: ${file}:3:27: Could not resolve "./fake-model"`);
    assert.match(problem.hint, /tsc --noEmit/u);
    assert.equal(problem.file, file);
    assert.ok(problem.cause instanceof Error, 'esbuild’s whole report is kept for the log');
  });

  it('reports a TypeScript syntax error with its exact place', async () => {
    const dir = writeFramework(
      { start: { module: 'train.ts' } },
      {
        'train.ts':
          '// Columns count characters, not bytes.\nexport function start(é: unknown {\n  return é;\n}\n',
      },
    );
    const file = path.join(dir, 'train.ts');
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.equal(problem.message, `Cannot compile ${file}: ${file}:2:34: Expected ")" but found "{"`);
    assert.equal(problem.file, file);
  });

  it('counts the errors after the first', async () => {
    const dir = writeFramework(
      { start: { module: 'train.ts' } },
      {
        'train.ts': "import { a } from './a';\nimport { b } from './b';\nexport const start = () => a + b;\n",
      },
    );
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.match(problem.message, /train\.ts:1:19: Could not resolve "\.\/a" \(and 1 more\)$/u);
  });

  it('reports a module that fails while loading, with the place of a JavaScript syntax error', async () => {
    const throwing = writeFramework(
      { start: { module: 'train.cjs' } },
      { 'train.cjs': "throw new Error('no GPU found');\n" },
    );
    const loading = await problemOf(() => loadFramework(throwing).start(makeRun().context));
    assert.equal(loading.message, `temp: loading ${path.join(throwing, 'train.cjs')} failed: no GPU found`);
    assert.ok(loading.cause instanceof Error);

    const broken = writeFramework(
      { start: { module: 'train.js' } },
      { 'train.js': '\nexports.start = (;\n' },
    );
    const syntax = await problemOf(() => loadFramework(broken).start(makeRun().context));
    assert.match(syntax.message, new RegExp(`failed: .+ \\(at ${path.join(broken, 'train.js')}:2\\)$`, 'u'));
  });

  it('turns a wrong logger call inside start() into a failure that names the call', async () => {
    const dir = writeFramework(
      { start: { module: 'train.cjs' } },
      { 'train.cjs': 'exports.start = (ctx) => ctx.logger.stepFinished({ epoch: 1, step: 1, loss: 1 });' },
    );
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.equal(
      problem.message,
      'temp start() failed: logger.stepFinished() was called before logger.trainStarted(): call trainStarted(totalEpochs) first.',
    );
  });
});
