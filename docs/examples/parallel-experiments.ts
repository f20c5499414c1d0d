// Two experiments submitted at once through Train Studio's API, then compared: the VS Code counterpart of
// TrainApi.run in parallel threads followed by a comparison report. It runs in the extension host (in your
// own extension, say) with a workspace folder holding the dataset open.
// eslint-disable-next-line train-studio/layers -- this is another extension's code, not a Train Studio layer
import * as vscode from 'vscode';
import type { RunOptions, TrainStudioApi } from '../../src/extension/workbench/api/types';

export async function trainAndCompare(): Promise<void> {
  const trainStudio = await vscode.extensions
    .getExtension<TrainStudioApi>('train-studio.train-studio')
    ?.activate();
  if (!trainStudio) throw new Error('Train Studio is not installed.');
  const output = vscode.window.createOutputChannel('Experiments');
  output.show();

  // What the runs share; relative paths are relative to the first workspace folder.
  const common = {
    project: 'data/shapes',
    trainValSplit: { method: 'random', percent: 80, seed: 42 },
    hyperparameters: { epochs: 10, batch_size: 8 },
    enableBenchmark: true,
  } satisfies Partial<RunOptions>;

  // Both are submitted now; `trainStudio.maxConcurrentRuns` decides how many train at once, the rest wait.
  const runs = ['Classifier-S', 'Classifier-M'].map((model) =>
    trainStudio.run({ ...common, model, experimentName: `shapes ${model}` }),
  );

  // `done` resolves with the run's experiment_info.json, however it ended (completed, stopped, failed).
  for (const info of await Promise.all(runs.map((run) => run.done))) {
    output.appendLine(
      `${info.experiment_name}: ${info.status}, accuracy ${String(info.evaluation_metrics.accuracy)}`,
    );
  }

  const table = await trainStudio.compare(await Promise.all(runs.map((run) => run.folder)));
  for (const metric of table.metrics) {
    const best = table.experiments.find((experiment) => experiment.folder === table.best[metric]);
    output.appendLine(`${metric}: best is ${best?.name ?? 'not ranked'}`);
  }
}
