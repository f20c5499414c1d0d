import * as vscode from 'vscode';
import type { GpuEnvironmentReport } from '../../../core/gpuEnvironment';
import { reportError } from '../reportError';
import { DOCTOR_ARGS } from './cliArgs';
import { runCliCommand } from './cliJob';
import type { CommandContext } from './context';
import { formatGpuReport, gpuVerdict, parseGpuReport } from './gpuReport';

// Check GPU Environment: which tfjs backends load, what nvidia-smi says, the CUDA and cuDNN libraries found
// against what tfjs-node-gpu needs, and the exact fix. The CLI looks for a GPU runtime installed in the
// folder it runs in and loads it: in a trusted workspace that is the workspace, where users install
// tfjs-node-gpu; in an untrusted one it runs in the extension's own folder, so no workspace code loads.

const SHOW_REPORT = 'Show Report';
const COPY_FIX = 'Copy Fix';

export async function checkGpu(context: CommandContext): Promise<GpuEnvironmentReport | undefined> {
  const { output } = context.host;
  const result = await runCliCommand(context, {
    args: DOCTOR_ARGS,
    cwd:
      (vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined) ??
      context.host.context.extensionPath,
    title: 'Checking the GPU environment',
    cancellable: true,
  });
  if (!result) return undefined;
  let report: GpuEnvironmentReport;
  try {
    report = parseGpuReport(result.stdout);
  } catch (error) {
    output.error(`train-studio ${DOCTOR_ARGS.join(' ')} answered:\n${result.stdout}`);
    throw error;
  }
  for (const line of formatGpuReport(report)) output.info(line);
  const [fix] = report.fixes;
  const message = fix === undefined ? gpuVerdict(report) : `${gpuVerdict(report)} First fix: ${fix}`;
  const show =
    report.verdict === 'gpu-ready' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(message, SHOW_REPORT, ...(fix === undefined ? [] : [COPY_FIX]))
    .then(async (choice) => {
      if (choice === SHOW_REPORT) output.show(true);
      if (choice === COPY_FIX && fix !== undefined) {
        await vscode.env.clipboard.writeText(fix);
        vscode.window.setStatusBarMessage('Train Studio: fix copied to the clipboard', 3000);
      }
    })
    // A clipboard can refuse the write (no clipboard on a remote or headless host).
    .then(undefined, (error: unknown) => reportError(output, COPY_FIX, error));
  return report;
}
