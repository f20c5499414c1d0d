// Packs dist/train-studio.vsix for this machine's platform: `node scripts/package.mjs` (after scripts/build.mjs;
// `npm run package` runs both). The trainer (dist/cli.js) requires packages the build leaves external
// (tfjs, sharp, esbuild), so the extension carries the files of them that Node loads, in dist/node_modules
// beside the bundles, where Node's lookup from dist/cli.js finds them first.
//
// The package is staged in a temporary folder rather than picked by .vscodeignore because vsce never packs
// the top-level node_modules without its npm mode, whose `npm list` lists every production package (yaml and
// zod are bundled; @types are not code) and fails in a worktree whose node_modules is a link; and because the
// package closure and the platform's binaries are better computed than listed by hand.
import { createVSIX, listFiles, PackageManager } from '@vscode/vsce';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const VSIX = path.join(root, 'dist', 'train-studio.vsix');
/** Where the runtime packages go in the extension: the folder of the bundles that require them. */
const RUNTIME_FOLDER = 'dist';

/** Files a package reads by path, which no require names: the wasm backend's binary (wasmRuntime.ts). */
const READ_BY_PATH = { '@tensorflow/tfjs-backend-wasm': ['dist/tfjs-backend-wasm-simd.wasm'] };

/** In a platform package (native binaries), what no runtime reads: docs and C headers for building. */
const NOT_RUNTIME = [/(^|\/)(readme|changelog|history)(\.[^/]*)?$/i, /(^|\/)include\//, /\.(h|hpp|d\.ts)$/];
const LICENSE = /^(licen[cs]e|copying|notice)(\.[^/]*)?$/i;
/** Shared libraries, which the dynamic linker loads for a native addon from the addon's own folder. */
const SHARED_LIBRARY = /\.(so(\.\d+)*|dylib|dll)$/;

/** A path under the repository root, with `/` on every platform as the patterns here and vsce expect. */
const relative = (file) => path.relative(root, file).split(path.sep).join('/');

/** The vsce target of this machine, e.g. `linux-x64`, `alpine-arm64`, `darwin-arm64`, `win32-x64`. */
function currentTarget() {
  const arch = process.arch === 'arm' ? 'armhf' : process.arch;
  if (process.platform !== 'linux') return `${process.platform}-${arch}`;
  // Node reports the glibc it runs on; none means musl, which VS Code calls alpine.
  const glibc = process.report.getReport().header.glibcVersionRuntime;
  return `${glibc ? 'linux' : 'alpine'}-${arch}`;
}

/** The bare package imports the bundles leave to run time (dist/*.meta.json), less Node's and VS Code's. */
function externalPackages() {
  const names = new Set();
  for (const file of fs.readdirSync(path.join(root, 'dist')).filter((name) => name.endsWith('.meta.json'))) {
    const { outputs } = JSON.parse(fs.readFileSync(path.join(root, 'dist', file), 'utf8'));
    for (const { path: specifier, external } of Object.values(outputs).flatMap((output) => output.imports)) {
      if (external && !specifier.startsWith('.') && !isBuiltin(specifier) && specifier !== 'vscode')
        names.add(specifier);
    }
  }
  return [...names].sort();
}

/** The folder of the innermost package a node_modules path is in: `node_modules/a/node_modules/@b/c`. */
function packageFolderOf(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (!match) throw new Error(`${file} is not inside node_modules`);
  return match[1];
}

/**
 * The modules Node loads when it requires each external package as the bundles do: its JavaScript, JSON and
 * native addons, listed from require.cache of a separate Node process. Requires that run later, on a code
 * path, are not seen: none of these packages has one on ours (tfjs-core's fallback to node-fetch runs only
 * where Node has no global fetch, and every Node that package.json's engines allows has one).
 */
function loadedModules(packages) {
  const script = `${JSON.stringify(packages)}.forEach((name) => require(name));
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  // Paths as the extension will have them, also where node_modules is a link.
  const loaded = execFileSync(process.execPath, ['--preserve-symlinks', '--eval', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(loaded)
    .map(relative)
    .filter((file) => file.startsWith('node_modules/'));
}

/** Where npm installed `name` for the package in `folder`: its own node_modules, or one further up. */
function installedFrom(folder, name) {
  for (let dir = folder; ; dir = path.posix.dirname(dir)) {
    if (path.posix.basename(dir) === 'node_modules') continue;
    const candidate = dir === '.' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (fs.existsSync(path.join(root, candidate, 'package.json'))) return candidate;
    if (dir === '.') return undefined;
  }
}

const readManifest = (folder) => JSON.parse(fs.readFileSync(path.join(root, folder, 'package.json'), 'utf8'));

function filesUnder(folder) {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(path.join(entry.parentPath, entry.name)));
}

/** The runtime files, as paths under the repository root: `node_modules/…`. */
function runtimeFiles() {
  const files = new Set(loadedModules(externalPackages()));
  // onnxruntime_binding.node links libonnxruntime.so.1 beside it: no require names it.
  for (const addon of [...files].filter((file) => file.endsWith('.node'))) {
    const folder = path.posix.dirname(addon);
    for (const name of fs.readdirSync(path.join(root, folder)))
      if (SHARED_LIBRARY.test(name)) files.add(`${folder}/${name}`);
  }
  const packages = new Set([...files].map(packageFolderOf));
  for (const folder of [...packages]) {
    // A package's optional dependencies that npm installed are this platform's binaries (sharp's libvips
    // and binding, esbuild's executable), which the dynamic linker, a spawn or a computed require loads.
    for (const name of Object.keys(readManifest(folder).optionalDependencies ?? {})) {
      const platformPackage = installedFrom(folder, name);
      if (!platformPackage) continue;
      packages.add(platformPackage);
      for (const file of filesUnder(platformPackage)) {
        if (!NOT_RUNTIME.some((pattern) => pattern.test(file.slice(platformPackage.length + 1))))
          files.add(file);
      }
    }
  }
  for (const file of [...files]) {
    // Node reads the package.json nearest each module for its type: onnxruntime-common's CommonJS build
    // has its own `{"type": "commonjs"}` inside a `"type": "module"` package.
    const packageFolder = packageFolderOf(file);
    for (let dir = path.posix.dirname(file); dir !== packageFolder; dir = path.posix.dirname(dir)) {
      if (fs.existsSync(path.join(root, dir, 'package.json'))) files.add(`${dir}/package.json`);
    }
  }
  for (const folder of packages) {
    // Node reads package.json to find the entry point; the licence goes wherever the code goes.
    files.add(`${folder}/package.json`);
    for (const name of fs.readdirSync(path.join(root, folder)))
      if (LICENSE.test(name)) files.add(`${folder}/${name}`);
    for (const file of READ_BY_PATH[readManifest(folder).name] ?? []) files.add(`${folder}/${file}`);
  }
  return [...files].sort();
}

const started = performance.now();
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-vsix-'));
try {
  const stage = (from, to) => {
    fs.mkdirSync(path.dirname(path.join(staging, to)), { recursive: true });
    // copyFile keeps the mode: esbuild's executable stays executable, and VS Code's installer keeps it too.
    fs.copyFileSync(path.join(root, from), path.join(staging, to));
  };
  const own = await listFiles({ cwd: root, packageManager: PackageManager.None });
  for (const file of own) stage(file, file);
  const runtime = runtimeFiles();
  for (const file of runtime) stage(file, `${RUNTIME_FOLDER}/${file}`);
  // Everything staged ships; an ignore file (even an empty one) tells vsce that was meant.
  fs.writeFileSync(path.join(staging, '.vscodeignore'), '# staged by scripts/package.mjs\n');
  const target = currentTarget();
  await createVSIX({
    cwd: staging,
    packagePath: VSIX,
    target,
    dependencies: false,
    allowMissingRepository: true,
    rewriteRelativeLinks: false,
  });
  const packages = new Set(runtime.map(packageFolderOf)).size;
  const megabytes = (fs.statSync(VSIX).size / 2 ** 20).toFixed(1);
  console.log(
    `packaged ${path.relative(root, VSIX)} for ${target}: ${own.length} files of the extension, ` +
      `${runtime.length} files of ${packages} runtime packages, ${megabytes} MiB, ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
