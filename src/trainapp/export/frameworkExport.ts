import fs from 'node:fs';
import path from 'node:path';
import type { TaskType } from '../../core/names';
import { isInsideFolder } from '../../data/paths';
import { isFile } from '../../data/readers/files';
import type { ExportContext, Framework } from '../frameworks/contract';
import { EXPORT_FUNCTION_NAMES } from '../frameworks/moduleFramework';
import { RunError } from '../runError';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { exportFileName } from './exportFiles';
import type { ExportFormatName } from './index';
import type { ExportStaging } from './staging';

// A custom framework's checkpoint, exported by the framework's own functions (the seed's
// `@train.export_onnx`): each writes its file into a folder of its own and returns the path, and the file
// is staged for export/ like the built-in framework's.

export interface FrameworkExportRequest {
  readonly framework: Framework;
  readonly formats: readonly ExportFormatName[];
  readonly experimentDir: string;
  readonly checkpoint: ExperimentCheckpoint;
  readonly taskType: TaskType;
  readonly classes: readonly string[];
  readonly staging: ExportStaging;
  readonly log: ExportContext['log'];
}

export interface FrameworkExports {
  /** Staged file names, by format. */
  readonly staged: Partial<Record<ExportFormatName, string>>;
  readonly skipped: { readonly format: ExportFormatName; readonly reason: string }[];
}

function checkReturnedFile(returned: string, outputDir: string, functionName: string): string {
  const file = path.resolve(outputDir, returned);
  const real = fs.existsSync(file) ? fs.realpathSync(file) : file;
  if (!isInsideFolder(real, fs.realpathSync(outputDir))) {
    throw new RunError({
      message: `${functionName}() returned ${file}, which is not inside the folder it was given (ctx.outputDir, ${outputDir}).`,
      hint: 'Write the exported file into ctx.outputDir and return its path: Train Studio moves it into export/.',
    });
  }
  if (!isFile(file)) {
    throw new RunError({
      message: `${functionName}() returned ${file}, but there is no such file.`,
      hint: 'Return the path of the file the function wrote into ctx.outputDir, once it is written.',
    });
  }
  return real;
}

export async function exportWithFramework(request: FrameworkExportRequest): Promise<FrameworkExports> {
  const { framework, staging, checkpoint } = request;
  const staged: Partial<Record<ExportFormatName, string>> = {};
  const skipped: FrameworkExports['skipped'] = [];
  const exportModel = framework.exportModel?.bind(framework);
  for (const format of request.formats) {
    const functionName = `${framework.name} ${EXPORT_FUNCTION_NAMES[format]}`;
    if (!exportModel) {
      skipped.push({
        format,
        reason: `${framework.name} runs as a command, and only a framework module can export: one that exports ${EXPORT_FUNCTION_NAMES[format]}(ctx) beside start(ctx).`,
      });
      continue;
    }
    const outputDir = staging.folder(`${format}-output`);
    const onnxName = staged.onnx ?? exportFileName(checkpoint, 'onnx');
    const onnxPath = staged.onnx ? path.join(staging.dir, onnxName) : path.join(staging.exportDir, onnxName);
    const context: ExportContext = {
      experimentDir: request.experimentDir,
      checkpointPath: checkpoint.file,
      outputDir,
      ...(format === 'tensorrt' && isFile(onnxPath) ? { onnxPath } : {}),
      taskType: request.taskType,
      classes: request.classes,
      workDir: staging.folder(`${format}-work`),
      log: request.log,
    };
    request.log(`Exporting ${checkpoint.name} with ${functionName}().`);
    const returned = await exportModel(format, context);
    if (returned === undefined) {
      skipped.push({
        format,
        reason: `${framework.name} exports no ${EXPORT_FUNCTION_NAMES[format]} function.`,
      });
      continue;
    }
    const name = exportFileName(checkpoint, format);
    staging.adopt(name, checkReturnedFile(returned, outputDir, functionName));
    staged[format] = name;
  }
  return { staged, skipped };
}
