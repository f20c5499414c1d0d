// Experiment folders made by hand for the export tests, and the snapshot that shows a failed export left
// one exactly as it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentInfo } from '../../../../src/core/schemas';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { ExperimentSession } from '../../../../src/trainapp/run/experimentSession';

/** Every file under `dir` with its size, modification time and content hash; logs/ aside. */
export function folderSnapshot(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      const relative = path.relative(dir, file);
      // A failed export writes its problem (and a framework's stack) to the run log: that is its job.
      if (relative === 'logs') continue;
      if (entry.isDirectory()) {
        snapshot[`${relative}/`] = 'folder';
        walk(file);
        continue;
      }
      const stat = fs.statSync(file);
      const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
      snapshot[relative] = `${String(stat.size)} bytes, mtime ${String(stat.mtimeMs)}, ${hash}`;
    }
  };
  walk(dir);
  return snapshot;
}

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
  writeExperimentInfo(dir, {
    experiment_name: 'hand-made',
    framework_name: framework,
    task_type: 'object detection',
    project: '../../data/objects',
    status: 'completed',
    model_files: {},
    checkpoints: names.map((name) => `checkpoints/${name}`),
    best_checkpoint: names[0] ?? null,
    base_checkpoint: null,
    export: {},
    evaluation_metrics: {},
    finalize_steps: {},
    ...fields,
  });
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
