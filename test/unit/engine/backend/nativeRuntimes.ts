import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TrainingBackend } from '../../../../src/core/events';
import type { BackendRequest, SelectedBackend } from '../../../../src/engine/backend';
import { after } from 'node:test';

// The native runtimes cannot be installed here (their install downloads libtensorflow), so these tests put
// stand-ins under a temporary workspace's node_modules, where a user's `npm install` would put the real ones:
// a package whose load fails as a missing libcudart does, and packages that register a `tensorflow` backend
// (the stock cpu kernels under that name) with or without a GPU, or with a broken kernel. Each selection runs
// in a process of its own, as a trainer does: a process loads a native runtime once.

const TFJS = path.resolve(__dirname, '../../../../../node_modules/@tensorflow');
const BACKEND_MODULE = path.resolve(__dirname, '../../../../src/engine/backend/index.js');

export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
export const CPU_PACKAGE = '@tensorflow/tfjs-node';

/** A runtime whose native library is missing: the error's first line is the reason a user should see. */
export const FAILING_RUNTIME = `
throw new Error('libcudart.so.11.0: cannot open shared object file (CUDA_VISIBLE_DEVICES=' +
  process.env.CUDA_VISIBLE_DEVICES + ')\\n    at Object.dlopen (node:internal/modules/cjs/loader)');
`;

/** A runtime that registers a working `tensorflow` backend, marking that it was loaded. */
export function workingRuntime(options: { usesGpu: boolean; brokenRelu?: boolean }): string {
  return `
const tf = require(${JSON.stringify(`${TFJS}/tfjs-core`)});
const { MathBackendCPU } = require(${JSON.stringify(`${TFJS}/tfjs-backend-cpu`)});
require('node:fs').writeFileSync(require('node:path').join(__dirname, 'loaded'), String(process.env.CUDA_VISIBLE_DEVICES));
for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
if (${options.brokenRelu === true}) {
  tf.unregisterKernel('Relu', 'tensorflow');
  tf.registerKernel({ kernelName: 'Relu', backendName: 'tensorflow', kernelFunc: ({ inputs, backend }) => {
    backend.incRef(inputs.x.dataId);
    return { dataId: inputs.x.dataId, shape: inputs.x.shape, dtype: inputs.x.dtype };
  } });
}
tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isUsingGpuDevice: ${options.usesGpu} }));
`;
}

/** A workspace folder with the given packages installed, each an index.js of the given source. */
export function workspaceWith(packages: Readonly<Record<string, string>>): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-backends-'));
  for (const [name, source] of Object.entries(packages)) {
    const folder = path.join(workspace, 'node_modules', ...name.split('/'));
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'package.json'),
      JSON.stringify({ name, version: '4.22.0', main: 'index.js' }),
    );
    fs.writeFileSync(path.join(folder, 'index.js'), source);
  }
  return workspace;
}

/** Makes workspaces with `workspaceWith` for one suite, and removes them after it. */
export function useWorkspaces(): (packages: Readonly<Record<string, string>>) => string {
  const made: string[] = [];
  after(() => {
    for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
  });
  return (packages) => {
    const folder = workspaceWith(packages);
    made.push(folder);
    return folder;
  };
}

/** Whether a stand-in package was loaded, and with which CUDA_VISIBLE_DEVICES. */
export function loadedWith(workspace: string, packageName: string): string | undefined {
  const marker = path.join(workspace, 'node_modules', ...packageName.split('/'), 'loaded');
  return fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : undefined;
}

export type Outcome =
  | { readonly selected: SelectedBackend & { backend: TrainingBackend } }
  | { readonly error: { readonly name: string; readonly message: string } };

const SELECT = `
const { selectBackend } = require(${JSON.stringify(BACKEND_MODULE)});
selectBackend(JSON.parse(process.argv[1])).then(
  (selected) => console.log(JSON.stringify({ selected })),
  (error) => console.log(JSON.stringify({ error: { name: error.name, message: error.message } })),
);`;

/** selectBackend in a fresh process, with the workspace as a search directory. */
export async function selectInNewProcess(workspace: string, request: BackendRequest = {}): Promise<Outcome> {
  const env = { ...process.env };
  delete env.CUDA_VISIBLE_DEVICES;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', SELECT, JSON.stringify({ ...request, searchDirectories: [workspace] })],
    { env, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Outcome;
}
