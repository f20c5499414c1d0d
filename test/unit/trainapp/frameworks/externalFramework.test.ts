import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { TrainerEventBody } from '../../../../src/core/events';
import { CONTEXT_FILE, TRAINER_ENVIRONMENT } from '../../../../src/trainapp/frameworks/contextFile';
import type { ExternalContextFile } from '../../../../src/trainapp/frameworks/contextFile';
import { loadFramework } from '../../../../src/trainapp/frameworks/loadFramework';
import { fixtureDir, makeRun, problemOf, removeTempFolders, typesOf, writeFramework } from './support';

after(removeTempFolders);

const logMessages = (events: readonly TrainerEventBody[]) =>
  events.flatMap((event) => (event.type === 'log' ? [event.message] : []));

/** A command framework whose trainer is `node -e <script>`: for protocol cases too small for a fixture. */
const nodeScript = (script: string) =>
  writeFramework({ start: { command: [process.execPath, '-e', script] } });

describe('command frameworks: good ones', () => {
  it('runs a Node trainer: its events pass through, stderr becomes log lines, its result comes back', async () => {
    const framework = loadFramework(fixtureDir('external-node'));
    assert.equal(framework.name, 'fake-external');
    const run = makeRun({ hyperparameters: { epochs: 2, step_ms: 1 } });
    const result = await framework.start(run.context);

    const last = path.join(run.context.paths.checkpointsDir, 'last.json');
    assert.deepEqual(result, {
      model_name: 'Fake-S',
      checkpoints: [last],
      best_checkpoint: 'last.json',
      model_files: {},
    });
    assert.ok(fs.existsSync(last));
    const epoch = ['epoch_started', ...Array<string>(5).fill('step_finished'), 'epoch_finished'];
    const progress = run.events.filter((event) => event.type !== 'log');
    assert.deepEqual(typesOf(progress), ['train_started', ...epoch, ...epoch, 'checkpoint_saved']);
    assert.deepEqual(logMessages(run.events), ['training Fake-S for 2 epochs']);
    assert.deepEqual(run.events.at(-1), {
      type: 'checkpoint_saved',
      name: 'last',
      path: path.join('checkpoints', 'last.json'),
      epoch: 2,
    });
    for (const event of run.events)
      assert.ok(!('time' in event) && !('runId' in event), 'the run stamps its own');
  });

  it('runs a POSIX sh trainer that prints its events with printf', async () => {
    const run = makeRun();
    const result = await loadFramework(fixtureDir('external-sh')).start(run.context);

    const last = path.join(run.context.paths.checkpointsDir, 'last.txt');
    assert.deepEqual(result, {
      model_name: 'Fake-S',
      checkpoints: [last],
      best_checkpoint: 'last.txt',
      model_files: {},
    });
    assert.equal(fs.readFileSync(last, 'utf8'), 'weight 1\n');
    assert.deepEqual(typesOf(run.events), [
      'log',
      'train_started',
      'epoch_started',
      'step_finished',
      'epoch_finished',
    ]);
    assert.deepEqual(logMessages(run.events), ['run 1_fake: training in sh']);
  });

  it('writes context.json into the work folder and names it in TRAIN_STUDIO_CONTEXT', async () => {
    const dir = nodeScript(
      `process.stdout.write(JSON.stringify({ type: 'result', result: { file: process.env.${TRAINER_ENVIRONMENT.context}, runId: process.env.${TRAINER_ENVIRONMENT.runId}, cwd: process.cwd() } }) + '\\n');`,
    );
    const run = makeRun();
    const result = await loadFramework(dir).start(run.context);

    const file = path.join(run.context.paths.workDir, CONTEXT_FILE);
    assert.deepEqual(result, { file, runId: '1_fake', cwd: dir });
    const { context } = run;
    const expected: ExternalContextFile = {
      runId: '1_fake',
      paths: context.paths,
      taskType: 'object detection',
      classes: ['cat', 'dog'],
      split: context.split,
      dataset: { format: 'none', dir: context.dataset.dir },
      projectVersion: 'test-project-version',
      model: context.model,
      checkpoint: { kind: 'scratch' },
      resumeFrom: null,
      hyperparameters: { epochs: 2, batch_size: 2, step_ms: 1 },
      hyperparametersText: 'epochs: 2\nbatch_size: 2\nstep_ms: 1\n',
      options: context.options,
    };
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), expected);
    assert.deepEqual(context.split, {
      train: ['ds/a.png', 'ds/b.png', 'ds/c.png', 'ds/d.png', 'ds/e.png'],
      val: ['ds/f.png', 'ds/g.png'],
    });
  });

  it('sends stop on stdin once a stop is requested: the trainer ends early and still returns its result', async () => {
    const run = makeRun({
      hyperparameters: { epochs: 200, step_ms: 2 },
      onEvent: (event, self) => {
        if (event.type === 'epoch_finished') self.stop.requestStop('test');
      },
    });
    const result = (await loadFramework(fixtureDir('external-node')).start(run.context)) as {
      model_name: string;
    };

    assert.equal(result.model_name, 'Fake-S');
    const epochs = run.events.filter((event) => event.type === 'epoch_finished').length;
    assert.ok(epochs >= 1 && epochs < 200, `stopped after ${String(epochs)} of 200 epochs`);
    assert.equal(run.events.at(-1)?.type, 'checkpoint_saved');
  });

  it('forwards checkpoint_now and stop to a trainer that runs until it is stopped', async () => {
    const run = makeRun({
      onEvent: (event, self) => {
        if (event.type === 'epoch_finished' && event.epoch === 1) self.stop.requestCheckpoint();
        if (event.type === 'checkpoint_saved') self.stop.requestStop('test');
      },
    });
    const result = (await loadFramework(fixtureDir('slow-stoppable')).start(run.context)) as Record<
      string,
      unknown
    >;

    const saved = run.events.filter((event) => event.type === 'checkpoint_saved');
    assert.equal(saved.length, 2, 'one checkpoint asked for, one at the stop');
    assert.deepEqual(result.checkpoints, [path.join(run.context.paths.checkpointsDir, 'last.json')]);
  });

  it('returns a result without model_name as it came: checking it is the lifecycle’s job', async () => {
    const result = await loadFramework(fixtureDir('bad-result')).start(makeRun().context);
    assert.deepEqual(result, {
      checkpoints: ['checkpoints/last.json'],
      best_checkpoint: 'last.json',
      model_files: {},
    });
  });

  it('skips blank lines, ignores the lifecycle’s own events, and keeps the last result', async () => {
    const dir = nodeScript(
      [
        "const send = (event) => process.stdout.write(JSON.stringify(event) + '\\n');",
        "send({ type: 'result', result: { n: 1 } });",
        "process.stdout.write('\\n  \\n');",
        "send({ type: 'train_finished', status: 'completed', epochs: 1 });",
        "send({ type: 'finalize_step', step: 'export', status: 'done' });",
        "send({ type: 'log', level: 'warning', message: 'after the result', time: '2024-01-01T00:00:00Z', runId: 'x' });",
        "send({ type: 'result', result: { n: 2 } });",
      ].join('\n'),
    );
    const run = makeRun();
    assert.deepEqual(await loadFramework(dir).start(run.context), { n: 2 });
    assert.deepEqual(run.events, [{ type: 'log', level: 'warning', message: 'after the result' }]);
  });
});

describe('command frameworks: broken ones', () => {
  it('reports a non-zero exit with the command, the code and the last lines of stderr', async () => {
    const run = makeRun();
    const problem = await problemOf(() => loadFramework(fixtureDir('exits-nonzero')).start(run.context));
    assert.equal(
      problem.message,
      'exits: `node train.mjs` exited with code 3. The last lines of its stderr:\nloading batch 1\nCUDA error: out of memory',
    );
    assert.match(problem.hint, /logs\/train\.log/u);
    assert.deepEqual(typesOf(run.events), ['epoch_started', 'log', 'log']);
  });

  it('reports a trainer killed by a signal, and one that printed nothing on stderr', async () => {
    const dir = nodeScript("process.kill(process.pid, 'SIGKILL');");
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.match(
      problem.message,
      /^temp: `.+ -e .+` was killed by SIGKILL\. It printed nothing on stderr\.$/su,
    );
  });

  it('fails on a line that is not an event, naming and quoting it, and kills a trainer that ignores SIGTERM', async () => {
    const run = makeRun();
    const started = Date.now();
    const problem = await problemOf(() =>
      loadFramework(fixtureDir('prints-garbage'), { killGraceMs: 300 }).start(run.context),
    );
    assert.equal(
      problem.message,
      'garbage: line 2 of `node train.mjs`\'s stdout is not a trainer event (it is not JSON): "Epoch 1/3: loss=0.52"',
    );
    assert.match(problem.hint, /stdout is reserved for trainer events.*stderr/u);
    assert.ok(Date.now() - started < 5000, 'killed after the grace period, not left running');
    assert.ok(logMessages(run.events).includes('SIGTERM ignored'), 'SIGTERM first, SIGKILL after the grace');
  });

  it('names the field of an event that breaks the schema, and truncates a long line', async () => {
    const dir = nodeScript(
      `process.stdout.write(JSON.stringify({ type: 'step_finished', epoch: 1, note: 'x'.repeat(300) }) + '\\n'); setInterval(() => {}, 1000);`,
    );
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    const quote = /^temp: line 1 of .+ \(invalid trainer event at 'step': [^)]+\): (".+")$/su.exec(
      problem.message,
    )?.[1];
    const line = JSON.parse(quote ?? '""') as string;
    assert.match(line, /^\{"type":"step_finished","epoch":1,"note":"x+…$/u);
    assert.equal(line.length, 121, '120 characters and an ellipsis');
  });

  it('refuses a JSON value that is not an object', async () => {
    const problem = await problemOf(() =>
      loadFramework(nodeScript("console.log('[1, 2]');")).start(makeRun().context),
    );
    assert.match(problem.message, /line 1 of .+ \(it is not a JSON object\): "\[1, 2\]"$/u);
  });

  it('fails, and stops the trainer, when the run cannot record what it prints', async () => {
    const run = makeRun({
      hyperparameters: { epochs: 200, step_ms: 2 },
      onEvent: (event) => {
        if (event.type === 'epoch_finished') throw new Error('ENOSPC: no space left on device');
      },
    });
    await assert.rejects(loadFramework(fixtureDir('external-node')).start(run.context), /^Error: ENOSPC/u);
    assert.equal(
      run.events.filter((event) => event.type === 'epoch_finished').length,
      1,
      'nothing read after',
    );
    const last = path.join(run.context.paths.checkpointsDir, 'last.json');
    assert.ok(!fs.existsSync(last), 'the trainer was killed, not left to train its 200 epochs');
  });

  it('requires a result event from a trainer that exits cleanly', async () => {
    const run = makeRun();
    const problem = await problemOf(() => loadFramework(fixtureDir('no-result')).start(run.context));
    assert.equal(problem.message, 'no-result: `node train.mjs` finished without printing a `result` event.');
    assert.match(problem.hint, /as the last line of stdout/u);
    assert.deepEqual(typesOf(run.events), ['epoch_started', 'epoch_finished']);
  });

  it('fails with the problem a trainer reported in an error event', async () => {
    const dir = nodeScript(
      "console.log(JSON.stringify({ type: 'error', message: 'no GPU', hint: 'set device: cpu', file: '/x.yaml' })); process.exitCode = 1;",
    );
    const run = makeRun();
    const problem = await problemOf(() => loadFramework(dir).start(run.context));
    assert.deepEqual(
      { ...problem, cause: undefined },
      { message: 'temp: no GPU', hint: 'set device: cpu', file: '/x.yaml', cause: undefined },
    );
    assert.deepEqual(run.events, [], 'the error event is the failure, not an event passed on');
  });

  it('names the program and where it was looked for when it does not exist', async () => {
    const bare = writeFramework({ start: { command: ['no-such-trainer-program', 'train.py'] } });
    const problem = await problemOf(() => loadFramework(bare).start(makeRun().context));
    assert.equal(
      problem.message,
      `temp: cannot start \`no-such-trainer-program\`: there is no such program (looked for it from ${bare} and on the PATH).`,
    );
    assert.equal(problem.file, path.join(bare, 'framework.json'));
    assert.equal(problem.field, 'start.command');

    const relative = writeFramework({ start: { command: ['./train'] } });
    const local = await problemOf(() => loadFramework(relative).start(makeRun().context));
    assert.match(local.message, new RegExp(`looked for it from ${relative}\\)\\.$`, 'u'));
  });

  it('says how to run a script that is not executable', async () => {
    const dir = writeFramework({ start: { command: ['./train.sh'] } }, { 'train.sh': 'echo hi\n' });
    const problem = await problemOf(() => loadFramework(dir).start(makeRun().context));
    assert.equal(problem.message, 'temp: cannot start `./train.sh`: permission denied.');
    assert.match(problem.hint, /chmod \+x.*\["sh", "train\.sh"\]/u);
  });
});
