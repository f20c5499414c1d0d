import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { StopController } from '../../../../src/engine/train/stop';
import { buildEngine, findTrtexec, trtexecArgs } from '../../../../src/trainapp/export/tensorrt';
import { RunError } from '../../../../src/trainapp/runError';
import { isRunning } from '../../../processes';
import { slowTrtexecBody, slowTrtexecPids, writeTrtexec } from './support';

// trtexec, found and run for real. No test machine has TensorRT: the `trtexec` here is a shell script that
// stands in for it, reading the same arguments and writing the engine file where --saveEngine says.

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ts-trtexec-')));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A folder holding a `trtexec` script with this body. */
function fakeTrtexec(name: string, body: string, mode = 0o755): string {
  return writeTrtexec(root, name, body, mode);
}

const SAVES_ENGINE = [
  'echo "&&&& RUNNING TensorRT.trtexec"',
  'for arg in "$@"; do case "$arg" in --saveEngine=*) printf engine > "${arg#--saveEngine=}";; esac; done',
  'echo "&&&& PASSED TensorRT.trtexec"',
].join('\n');

const knownLocation = fs.existsSync('/usr/src/tensorrt/bin/trtexec');

describe('finding trtexec', () => {
  it('finds an executable trtexec on PATH, in PATH order', () => {
    const first = fakeTrtexec('first', 'exit 0');
    const second = fakeTrtexec('second', 'exit 0');
    const env = { PATH: [path.join(root, 'missing'), first, second].join(path.delimiter) };
    assert.equal(findTrtexec(env), path.join(first, 'trtexec'));
  });

  it(
    'passes over a trtexec that cannot be run',
    { skip: knownLocation && 'TensorRT is installed here' },
    () => {
      const notExecutable = fakeTrtexec('not-executable', 'exit 0', 0o644);
      assert.equal(findTrtexec({ PATH: notExecutable }), undefined);
      assert.equal(findTrtexec({}), undefined);
    },
  );
});

describe('building an engine', () => {
  const request = (trtexec: string, lines: string[] = []) => ({
    trtexec: path.join(trtexec, 'trtexec'),
    checkpoint: 'best.json',
    onnxFile: path.join(root, 'best.onnx'),
    engineFile: path.join(root, `${path.basename(trtexec)}.engine`),
    inputSize: 64,
    log: (line: string) => lines.push(line),
  });

  it('asks for a dynamic batch of 1 to 32 on the ONNX input', () => {
    assert.deepEqual(trtexecArgs(request(root)).slice(2), [
      '--minShapes=images:1x3x64x64',
      '--optShapes=images:8x3x64x64',
      '--maxShapes=images:32x3x64x64',
    ]);
  });

  it('saves the engine where it is told, and passes its output on line by line', async () => {
    const lines: string[] = [];
    const asked = request(fakeTrtexec('succeeds', SAVES_ENGINE), lines);
    await buildEngine(asked);
    assert.equal(fs.readFileSync(asked.engineFile, 'utf8'), 'engine');
    assert.deepEqual(lines, ['&&&& RUNNING TensorRT.trtexec', '&&&& PASSED TensorRT.trtexec']);
  });

  it('fails with the last lines of its output when trtexec fails', async () => {
    const failing = fakeTrtexec(
      'fails',
      'echo "[I] parsing"; for i in 1 2 3 4 5 6 7 8 9; do echo "  [E] line $i" >&2; done; exit 1',
    );
    const asked = request(failing);
    await assert.rejects(buildEngine(asked), (error: unknown) => {
      assert.ok(error instanceof RunError);
      assert.match(
        error.message,
        /^trtexec could not build a TensorRT engine from the ONNX export of best\.json: it exited with code 1\./,
      );
      assert.match(error.message, /Its last lines:\n\[E\] line 2\n[^]*\[E\] line 9$/);
      assert.doesNotMatch(error.message, /parsing/, 'only the last 8 lines are quoted');
      return true;
    });
    assert.ok(!fs.existsSync(asked.engineFile));
  });

  it('kills trtexec and what it started when the export is stopped, and says nothing was written', async () => {
    const pidFile = path.join(root, 'slow.pids');
    const stop = new StopController();
    const asked = { ...request(fakeTrtexec('slow', slowTrtexecBody(pidFile))), stop };
    const building = buildEngine(asked);
    const pids = await slowTrtexecPids(pidFile);
    stop.requestStop('SIGINT received');
    await assert.rejects(building, (error: unknown) => {
      assert.ok(error instanceof RunError);
      assert.equal(
        error.message,
        'The export of best.json was stopped (SIGINT received); nothing was written.',
      );
      return true;
    });
    for (const pid of pids) assert.ok(!isRunning(pid), `process ${String(pid)} was left running`);
    assert.ok(!fs.existsSync(asked.engineFile));
  });

  it('does not start trtexec once a stop was requested', async () => {
    const stop = new StopController();
    stop.requestStop('SIGTERM received');
    const asked = { ...request(fakeTrtexec('never-started', SAVES_ENGINE)), stop };
    await assert.rejects(buildEngine(asked), /^RunError: The export of best\.json was stopped \(SIGTERM/);
    assert.ok(!fs.existsSync(asked.engineFile));
  });

  it('fails when trtexec exits 0 without saving an engine', async () => {
    await assert.rejects(buildEngine(request(fakeTrtexec('saves-nothing', 'echo done'))), /saved no engine/);
  });
});
