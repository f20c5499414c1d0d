import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { ExperimentInfo } from '../../src/core/schemas';
import { readManifest, REPO_ROOT } from '../paths';
import { ofType, temporaryFolder } from './support';
import { spawnTrainer } from './trainerProcess';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, FRAMEWORK_FIXTURES, readJson } from './workspace';

// The extension as a user installs it: dist/train-studio.vsix (`npm run package`) unpacked into a folder
// that no node_modules of the repository is above, and its own trainer run there as the extension runs it.
// It trains, compiles a TypeScript framework with the packaged esbuild, and diagnoses, with only the files
// the package carries.

const VSIX = path.join(REPO_ROOT, 'dist', 'train-studio.vsix');
/** The runtime packages dist/cli.js requires, which the package carries beside it. */
const RUNTIME_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  'sharp',
  'esbuild',
  'onnxruntime-node',
];
/**
 * Carried, the package would be most of its size: everything tfjs ships is about 65 MB, and onnxruntime-node
 * ships every platform's library (288 MB). Of the latter the package carries this platform's: 17 MiB packed.
 */
const SIZE_BUDGET_MIB = 40;
/** What Node never loads from a package: source maps, typings, docs, tests, ES module builds, C++ sources. */
const NOT_LOADED =
  /\.(map|d\.[cm]?ts|md|mjs|cc|h|gyp)$|(^|\/)(README|CHANGELOG|HISTORY)[^/]*$|\/(tests?|__tests__)\//i;
const LICENSE = /(^|\/)LICEN[CS]E[^/]*$/i;
/** Of tfjs (browser bundles, an ES module tree, sources), Node loads the CommonJS `*.node.js` bundles only. */
const TFJS_NODE_BUILD = /\/(package\.json|[^/]+\.node\.js|tfjs-backend-wasm-simd\.wasm)$/;

// yauzl reads zips for @vscode/vsce (a dev dependency), so it is installed wherever the package is built.
interface ZipEntry {
  readonly fileName: string;
  readonly externalFileAttributes: number;
}
interface ZipFile extends EventEmitter {
  readEntry(): void;
  openReadStream(entry: ZipEntry, callback: (error: Error | null, stream: Readable) => void): void;
}
interface Yauzl {
  open(
    file: string,
    options: { lazyEntries: true },
    callback: (error: Error | null, zip: ZipFile) => void,
  ): void;
}
const yauzl = createRequire(__filename)('yauzl') as Yauzl;

/** Unzips `file` into `destination` with each file's Unix mode, as VS Code installs a vsix; returns the names. */
async function unzip(file: string, destination: string): Promise<string[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, opened) => {
      if (error) reject(error);
      else resolve(opened);
    });
  });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: ZipEntry) => {
      const target = path.join(destination, entry.fileName);
      if (!target.startsWith(destination + path.sep)) {
        reject(new Error(`${entry.fileName} points outside the package`));
        return;
      }
      if (entry.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      names.push(entry.fileName);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const mode = (entry.externalFileAttributes >>> 16) & 0o777 || 0o644;
      zip.openReadStream(entry, (error, stream) => {
        if (error) {
          reject(error);
          return;
        }
        pipeline(stream, fs.createWriteStream(target, { mode })).then(() => {
          zip.readEntry();
        }, reject);
      });
    });
    zip.readEntry();
  });
  return names;
}

const mebibytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

describe('the packaged extension (dist/train-studio.vsix), unpacked away from the repository', () => {
  let installed: string;
  let extension: string;
  let cli: string;
  let entries: string[];
  let workspace: Workspace;
  /** The experiment the packaged trainer trained, for the tests after that one. */
  let trained: string | undefined;

  before(async () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    installed = temporaryFolder('vsix');
    entries = await unzip(VSIX, installed);
    extension = path.join(installed, 'extension');
    cli = path.join(extension, 'dist', 'cli.js');
    workspace = createWorkspace('packaged');
  });

  after(() => {
    fs.rmSync(installed, { recursive: true, force: true });
    workspace.remove();
  });

  /** The packaged CLI in the workspace, as the extension starts it; NODE_PATH could reach other packages. */
  const packagedCli = (args: readonly string[]) =>
    spawnTrainer([cli, ...args], {
      cwd: workspace.dir,
      env: { TRAIN_STUDIO_CACHE: workspace.cacheDir, NODE_PATH: '' },
      events: args.includes('--events'),
    });

  it('finds every runtime package inside itself, and none from outside', () => {
    const fromOutside = createRequire(path.join(installed, 'outside.js'));
    const fromCli = createRequire(cli);
    const packaged = path.join(fs.realpathSync(extension), 'dist', 'node_modules') + path.sep;
    for (const name of RUNTIME_PACKAGES) {
      assert.throws(
        () => fromOutside.resolve(name),
        /Cannot find module/,
        `${name} is reachable from outside`,
      );
      const resolved = fromCli.resolve(name);
      assert.ok(resolved.startsWith(packaged), resolved);
    }
  });

  it(`stays under ${String(SIZE_BUDGET_MIB)} MiB and carries no file that Node never loads`, (t) => {
    const size = fs.statSync(VSIX).size;
    const runtime = entries.filter((name) => name.includes('/node_modules/'));
    t.diagnostic(
      `${path.basename(VSIX)}: ${mebibytes(size)} MiB, ${String(entries.length)} files, ` +
        `${String(runtime.length)} of them runtime package files`,
    );
    assert.ok(size < SIZE_BUDGET_MIB * 2 ** 20, `${mebibytes(size)} MiB`);
    const unloaded = runtime.filter((name) => NOT_LOADED.test(name) && !LICENSE.test(name));
    assert.deepEqual(unloaded, []);
    const tfjs = runtime.filter((name) => name.includes('/@tensorflow/'));
    assert.deepEqual(
      tfjs.filter((name) => !TFJS_NODE_BUILD.test(name)),
      [],
    );
    const manifest = readJson(path.join(extension, 'package.json'));
    assert.equal(manifest.version, readManifest().version);
  });

  it('carries the sample training setup, which the packaged CLI validates and reads', async () => {
    const samples = path.join(extension, 'samples');
    // samples/README.md is about `npm start` in this repository, not for users of the extension.
    const sampleFiles = fs
      .readdirSync(path.join(REPO_ROOT, 'samples'), { recursive: true })
      .filter((file) => file !== 'README.md');
    const packagedFiles = fs.readdirSync(samples, { recursive: true });
    assert.deepEqual(packagedFiles.sort(), sampleFiles.sort());
    const validated = await packagedCli([
      'validate',
      path.join(samples, 'app_state.json'),
      path.join(samples, 'hyperparameters.yaml'),
    ]).exited;
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const inspected = await packagedCli(['inspect', path.join(samples, 'shapes')]).exited;
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.match(inspected.stdout, /^Format\s+supervisely$/m);
  });

  it('trains an app_state.json to a completed experiment with the packaged trainer', async () => {
    const trainer = packagedCli(['train', '--app-state', workspace.appState(), '--events']);
    const { code, stderr } = await trainer.exited;
    assert.equal(code, 0, stderr);
    const [started] = ofType(trainer.events, 'train_started');
    assert.equal(started?.backend, 'wasm');
    const dir = experimentDirOf(stderr);
    trained = dir;
    const info = ExperimentInfo.parse(readJson(path.join(dir, 'experiment_info.json')));
    assert.equal(info.status, 'completed');
    assert.ok(info.best_checkpoint);
    for (const checkpoint of info.checkpoints)
      assert.ok(fs.existsSync(path.join(dir, checkpoint)), checkpoint);
    assert.ok(ofType(trainer.events, 'epoch_finished').length >= 1);
  });

  it('exports that experiment to ONNX with the packaged onnx.proto and ONNX Runtime', async () => {
    assert.ok(trained, 'the training test ran first');
    const { code, stdout, stderr } = await packagedCli(['export', trained, '--format', 'onnx']).exited;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /ONNX Runtime matches tfjs: max \|difference\|/);
    const info = ExperimentInfo.parse(readJson(path.join(trained, 'experiment_info.json')));
    assert.equal(info.export.ONNXRuntime, 'export/best.onnx');
    assert.ok(fs.statSync(path.join(trained, 'export', 'best.onnx')).size > 0);
  });

  it('compiles a TypeScript framework with the packaged esbuild and trains it', async () => {
    // The fixture imports `yaml`, which a user's framework resolves from its own folder.
    const framework = path.join(workspace.dir, 'ts-framework');
    fs.cpSync(path.join(FRAMEWORK_FIXTURES, 'ts-module'), framework, { recursive: true });
    const yaml = path.dirname(createRequire(__filename).resolve('yaml/package.json'));
    fs.cpSync(yaml, path.join(framework, 'node_modules', 'yaml'), { recursive: true });
    const appState = workspace.frameworkAppState('ts-module', { framework: 'ts-framework' });
    const { code, stderr } = await packagedCli(['train', '--app-state', appState, '--events']).exited;
    assert.equal(code, 0, stderr);
    const info = ExperimentInfo.parse(readJson(path.join(experimentDirOf(stderr), 'experiment_info.json')));
    assert.equal(info.status, 'completed');
    assert.equal(info.model_name, 'Fake-S');
  });

  it('doctor names the packaged version and where the GPU backend would come from', async () => {
    const { code, stdout, stderr } = await packagedCli(['doctor']).exited;
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^train-studio ${readManifest().version.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(stdout, /^gpu backend {2}not installed$/m);
  });
});
