import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCheckpoint } from '../../src/engine/checkpoint';
import type { TrainResult } from '../../src/engine/train';
import type { DriverConfig } from './driver';
import { shapesDataset, temporaryFolder } from './support';
import { spawnTrainer } from './trainerProcess';
import type { TrainerProcess } from './trainerProcess';

// The trainer as a process: stop by SIGTERM, SIGINT or a stdin line, and kill -9 at random moments.

const DRIVER = path.join(__dirname, 'driver.js');

let folder: string;
let datasetDir: string;
let runs = 0;

interface Trainer extends TrainerProcess {
  readonly outputDir: string;
  readonly resultFile: string;
}

function startTrainer(options: Partial<DriverConfig> & { outputDir?: string } = {}): Trainer {
  const outputDir = options.outputDir ?? path.join(folder, `run-${String(++runs)}`);
  fs.mkdirSync(outputDir, { recursive: true });
  const resultFile = path.join(outputDir, `result-${String(++runs)}.json`);
  const config: DriverConfig = {
    datasetDir,
    outputDir,
    hyperparameters: { epochs: 20 },
    resume: false,
    checkpointEveryStep: false,
    resultFile,
    ...options,
  };
  const configFile = path.join(outputDir, `config-${String(runs)}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  return { ...spawnTrainer([DRIVER, configFile]), outputDir, resultFile };
}

const readResult = (trainer: Trainer) =>
  JSON.parse(fs.readFileSync(trainer.resultFile, 'utf8')) as TrainResult;

/** Every sidecar in the checkpoints folder loads and verifies; returns their names. */
function checkAllCheckpoints(outputDir: string): string[] {
  const checkpoints = path.join(outputDir, 'checkpoints');
  if (!fs.existsSync(checkpoints)) return [];
  const sidecars = fs.readdirSync(checkpoints).filter((file) => file.endsWith('.json'));
  for (const sidecar of sidecars) readCheckpoint(path.join(checkpoints, sidecar));
  return sidecars;
}

/** Files a killed save left: temporary files, and tensor files no sidecar names. */
function leftoverFiles(outputDir: string): number {
  const checkpoints = path.join(outputDir, 'checkpoints');
  if (!fs.existsSync(checkpoints)) return 0;
  const files = fs.readdirSync(checkpoints);
  const named = new Set(
    files
      .filter((file) => file.endsWith('.json'))
      .map((file) => readCheckpoint(path.join(checkpoints, file)).sidecar.tensorFile.file),
  );
  return files.filter((file) => file.endsWith('.tmp') || (file.endsWith('.bin') && !named.has(file))).length;
}

async function expectGracefulStop(trainer: Trainer, reason: RegExp) {
  const { code, stderr } = await trainer.exited;
  assert.equal(code, 0, stderr);
  const result = readResult(trainer);
  assert.equal(result.status, 'stopped');
  assert.ok(result.epochs < 20);
  const types = trainer.events.map(({ type }) => type);
  assert.deepEqual(types.slice(-3), ['stopping', 'checkpoint_saved', 'train_finished']);
  const stopping = trainer.events.find((event) => event.type === 'stopping');
  assert.match(stopping?.type === 'stopping' ? stopping.reason : '', reason);
  const finished = trainer.events.at(-1);
  assert.equal(finished?.type === 'train_finished' && finished.status, 'stopped');
  const last = readCheckpoint(path.join(trainer.outputDir, 'checkpoints/last.json')).sidecar;
  const steps = trainer.events.filter((event) => event.type === 'step_finished');
  assert.equal(last.position.globalStep, steps.length, 'last holds every step taken');
  assert.ok(last.optimizer !== undefined);
}

describe('the trainer process', () => {
  before(() => {
    folder = temporaryFolder('process');
    datasetDir = path.join(shapesDataset(folder, 6).train[0]?.imagePath ?? '', '../..');
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('SIGTERM stops gracefully: exit code 0, status stopped, last written', async () => {
    const trainer = startTrainer();
    await trainer.waitFor((event) => event.type === 'step_finished');
    trainer.child.kill('SIGTERM');
    await expectGracefulStop(trainer, /SIGTERM/);
  });

  it('a {"type":"stop"} line on stdin stops gracefully, after ignoring a bad line', async () => {
    const trainer = startTrainer();
    await trainer.waitFor((event) => event.type === 'step_finished');
    trainer.child.stdin.write('{"type":"halt"}\n');
    await trainer.waitFor(
      (event) => event.type === 'log' && event.message.includes('invalid trainer command'),
    );
    trainer.child.stdin.write('{"type":"stop"}\n');
    await expectGracefulStop(trainer, /stop command/);
  });

  it('SIGINT stops gracefully too', async () => {
    const trainer = startTrainer();
    await trainer.waitFor((event) => event.type === 'checkpoint_saved');
    trainer.child.kill('SIGINT');
    await expectGracefulStop(trainer, /SIGINT/);
  });

  it('kill -9 at random moments, saves included, never leaves a checkpoint that fails to load; resume finishes', async (t) => {
    const outputDir = path.join(folder, 'killed');
    const settings = {
      hyperparameters: { epochs: 40, checkpoint_freq: 10 },
      checkpointEveryStep: true,
      resume: true,
      outputDir,
    };
    const delays: number[] = [];
    let lastGlobalStep = 0;
    let killsMidSave = 0;
    for (let kill = 0; kill < 8; kill++) {
      const trainer = startTrainer(settings);
      // Half the kills land at a random time, half right after a step's event line, when the trainer is
      // saving the checkpoint that step requested.
      const targetStep = lastGlobalStep + 1 + Math.floor(Math.random() * 10);
      await trainer.waitFor((event) => event.type === 'step_finished' && event.globalStep >= targetStep);
      const delay = kill % 2 === 0 ? 0 : Math.round(Math.random() * 300);
      delays.push(delay);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      trainer.child.kill('SIGKILL');
      const { signal } = await trainer.exited;
      assert.equal(
        signal,
        'SIGKILL',
        `kill ${kill} came after the run ended (delays ${delays.join(', ')} ms)`,
      );
      const started = trainer.events.find((event) => event.type === 'train_started');
      const firstStep = trainer.events.find((event) => event.type === 'step_finished');
      assert.ok(started && firstStep?.type === 'step_finished');
      assert.equal(firstStep.globalStep, lastGlobalStep + 1, 'each run resumes where the last save left it');
      assert.doesNotThrow(
        () => checkAllCheckpoints(outputDir),
        `after kill ${kill} (delays ${delays.join(', ')} ms)`,
      );
      if (leftoverFiles(outputDir) > 0) killsMidSave += 1;
      const last = path.join(outputDir, 'checkpoints/last.json');
      lastGlobalStep = fs.existsSync(last) ? readCheckpoint(last).sidecar.position.globalStep : 0;
    }
    t.diagnostic(`${String(killsMidSave)} of ${String(delays.length)} kills left a save unfinished`);
    const finisher = startTrainer({ ...settings, checkpointEveryStep: false });
    const { code, stderr } = await finisher.exited;
    assert.equal(code, 0, stderr);
    assert.equal(readResult(finisher).status, 'completed');
    assert.equal(readResult(finisher).epochs, 40);
    const names = checkAllCheckpoints(outputDir);
    assert.ok(names.includes('best.json') && names.includes('epoch_40.json'));
    // Leftovers of the killed saves are gone: one tensor file per sidecar, no temporary files.
    assert.equal(leftoverFiles(outputDir), 0);
    const files = fs.readdirSync(path.join(outputDir, 'checkpoints'));
    assert.equal(files.filter((file) => file.endsWith('.bin')).length, names.length, files.join(', '));
  });
});
