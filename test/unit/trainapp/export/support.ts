// Experiment folders made by hand for the export tests, and stand-in trtexec programs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentInfo } from '../../../../src/core/schemas';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { ExperimentSession } from '../../../../src/trainapp/run/experimentSession';
import { experimentInfoOf } from '../../../fixtures/experimentInfo';

export interface HandMadeExperiment {
  readonly dir: string;
  readonly session: ExperimentSession;
  remove(): void;
}

/** A finished custom-framework experiment whose checkpoints are small JSON files `{ "weight": n }`. */
export function handMadeExperiment(
  framework: string,
  checkpoints: Readonly<Record<string, number>>,
  fields: Partial<ExperimentInfo> = {},
): HandMadeExperiment {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ts-export-')));
  const dir = path.join(root, 'experiments', 'objects', `1_${framework}`);
  fs.mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
  for (const [name, weight] of Object.entries(checkpoints)) {
    fs.writeFileSync(path.join(dir, 'checkpoints', name), JSON.stringify({ weight }));
  }
  fs.writeFileSync(
    path.join(dir, 'model_meta.json'),
    JSON.stringify({
      classes: [
        { title: 'square', shape: 'rectangle', color: '#FF0000' },
        { title: 'triangle', shape: 'rectangle', color: '#00FF00' },
      ],
      tags: [],
    }),
  );
  const names = Object.keys(checkpoints);
  writeExperimentInfo(
    dir,
    experimentInfoOf({
      experiment_name: 'hand-made',
      framework_name: framework,
      task_type: 'object detection',
      project: '../../data/objects',
      status: 'completed',
      checkpoints: names.map((name) => `checkpoints/${name}`),
      best_checkpoint: names[0] ?? null,
      ...fields,
    }),
  );
  const session = new ExperimentSession({
    experimentDir: dir,
    runId: path.basename(dir),
    tensorboard: false,
  });
  return {
    dir,
    session,
    remove: () => {
      session.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Makes `parent/name/trtexec`, a shell script with this body that stands in for TensorRT's; returns its folder. */
export function writeTrtexec(parent: string, name: string, body: string, mode = 0o755): string {
  const folder = path.join(parent, name);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'trtexec'), `#!/bin/sh\n${body}\n`, { mode });
  return folder;
}

/**
 * The body of a `trtexec` script that builds for five minutes: it starts a child of its own (as a wrapper
 * script would) and writes its own process id, then the child's, into `pidFile`.
 */
export function slowTrtexecBody(pidFile: string): string {
  return [
    `echo $$ > '${pidFile}'`,
    'sleep 300 &',
    `echo $! >> '${pidFile}'`,
    'echo "[I] building the engine"',
    'wait',
  ].join('\n');
}

/** The two process ids the slow trtexec writes, once it has written both. */
export async function slowTrtexecPids(pidFile: string): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : '';
    const pids = text
      .split('\n')
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    if (pids.length === 2 && text.endsWith('\n')) return pids;
    if (Date.now() > deadline) throw new Error(`trtexec never wrote its process ids into ${pidFile}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
