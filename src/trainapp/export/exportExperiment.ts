import { readExperimentInfo } from '../experiments';
import { withExperiment } from '../run/continueRun';
import type { RunEnvironment } from '../run/runEnvironment';
import { chosenCheckpoint } from '../experiments/checkpointFile';
import { recordExport } from './index';
import type { ExportFormatName, ExportOutcome } from './index';

// `train-studio export`: an existing experiment's checkpoint, exported under the experiment's lock, with
// the run's own settings (device, framework) and its val images for the parity check.

export interface ExperimentExport extends ExportOutcome {
  /** The checkpoint exported, such as best.json. */
  readonly checkpoint: string;
}

export async function exportExperiment(
  experimentDir: string,
  request: { readonly formats: readonly ExportFormatName[]; readonly checkpoint?: string | undefined },
  environment: RunEnvironment,
): Promise<ExperimentExport> {
  const info = readExperimentInfo(experimentDir);
  // Told before the run's dataset is read for the parity images; recordExport checks it again, locked.
  const checkpoint = chosenCheckpoint(experimentDir, info, request.checkpoint, 'export').name;
  return withExperiment(
    experimentDir,
    environment,
    async ({ session, resolved, valItems, backendChoice }) => {
      const { plugin } = resolved.framework;
      const outcome = await recordExport(session, {
        formats: request.formats,
        checkpoint,
        // Only the built-in framework's ONNX export is checked on images; reading them costs a dataset scan,
        // made only once the export gets that far (not when TensorRT alone is asked and trtexec is missing).
        parityItems: plugin === undefined ? valItems : [],
        ...(plugin === undefined ? {} : { plugin }),
        ...backendChoice,
        stop: environment.stop,
      });
      return { ...outcome, checkpoint };
    },
  );
}
