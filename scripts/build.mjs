// Bundles the entry points with esbuild: `node scripts/build.mjs [--watch]`.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const watch = process.argv.includes('--watch');

/**
 * Packages that stay outside the bundle and are found in node_modules at run time: those with native code
 * or a download step, and every tfjs package, because tfjs-core's gradients load from its own ES module
 * files and the wasm backend reads its .wasm binaries from its package folder.
 */
const NATIVE_PACKAGES = ['@tensorflow/*', 'sharp', 'onnxruntime-node', 'esbuild'];

/**
 * Two parts of the extension are bundles of their own, required on first use so that activation (which
 * happens for any JSON or YAML file) never evaluates zod, yaml or our schemas:
 * - dist/configLanguage.js, the config validator, loaded by src/extension/configLanguage/onDemand.ts when
 *   the first config file opens;
 * - dist/workbench.js, the tree, tasks, debugging, commands and API, loaded by src/extension/lazyWorkbench.ts
 *   when the first of them is used.
 * Each dynamic import is left to run time as a require of that bundle.
 */
const ON_DEMAND_BUNDLES = [
  { importer: path.join('configLanguage', 'onDemand.ts'), bundle: './configLanguage.js' },
  { importer: path.join('extension', 'lazyWorkbench.ts'), bundle: './workbench.js' },
];
const onDemandBundles = {
  name: 'on-demand-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/(index|workbench\/index)\.js$/ }, (args) => {
      const match = ON_DEMAND_BUNDLES.find(({ importer }) => args.importer.endsWith(importer));
      return match ? { path: match.bundle, external: true } : undefined;
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
};

export const BUILDS = {
  extension: {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // A require, not Node's import(): VS Code provides the `vscode` module to required code.
    supported: { 'dynamic-import': false },
    plugins: [onDemandBundles],
  },
  workbench: {
    ...common,
    entryPoints: ['src/extension/workbench/index.ts'],
    outfile: 'dist/workbench.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ES module build bundles.
    mainFields: ['module', 'main'],
  },
  configLanguage: {
    ...common,
    entryPoints: ['src/extension/configLanguage/index.ts'],
    outfile: 'dist/configLanguage.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  cli: {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: NATIVE_PACKAGES,
    banner: { js: '#!/usr/bin/env node' },
  },
  // tfjs-core's gradients exist only in its ES module files, whose extensionless imports Node cannot load;
  // bundled once into CommonJS here, they register into the registry every copy of tfjs-core shares.
  tfjsGradients: {
    ...common,
    entryPoints: ['node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js'],
    outfile: 'dist/tfjsGradients.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  webview: {
    ...common,
    entryPoints: ['webview/main.ts'],
    // Beside the panel's styles: the webview may load from dist/panel alone.
    outfile: 'dist/panel/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
  },
};

/** The metafile of each bundle is kept next to it, so tests can check what went into it. */
function writeMetafile(name, metafile) {
  fs.writeFileSync(path.join(root, 'dist', `${name}.meta.json`), JSON.stringify(metafile));
}

/**
 * Files used as they are: the ONNX schema the exporter parses at run time (src/engine/export/onnx/proto.ts),
 * beside the CLI bundle, and the panel's stylesheets and icon font (src/extension/workbench/panel/page.ts).
 */
const DATA_FILES = [
  { from: 'src/engine/export/onnx/onnx.proto', to: 'dist/onnx.proto' },
  { from: 'webview/panel.css', to: 'dist/panel/panel.css' },
  { from: 'node_modules/uplot/dist/uPlot.min.css', to: 'dist/panel/uPlot.min.css' },
  { from: 'node_modules/@vscode/codicons/dist/codicon.css', to: 'dist/panel/codicon.css' },
  { from: 'node_modules/@vscode/codicons/dist/codicon.ttf', to: 'dist/panel/codicon.ttf' },
];

fs.mkdirSync(path.join(root, 'dist', 'panel'), { recursive: true });
for (const { from, to } of DATA_FILES) fs.copyFileSync(path.join(root, from), path.join(root, to));
if (watch) {
  // The '[watch] build started/finished' lines drive the background problem matcher of .vscode/tasks.json.
  const watchReporter = (name) => ({
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => console.log(`[watch] build started: ${name}`));
      build.onEnd((result) => {
        if (result.metafile) writeMetafile(name, result.metafile);
        console.log(`[watch] build finished: ${name}, ${result.errors.length} error(s)`);
      });
    },
  });
  for (const [name, options] of Object.entries(BUILDS)) {
    const plugins = [...(options.plugins ?? []), watchReporter(name)];
    const context = await esbuild.context({ ...options, plugins });
    await context.watch();
  }
  console.log('watching src/ and webview/ for changes (Ctrl+C to stop)');
} else {
  const started = performance.now();
  const results = await Promise.all(
    Object.entries(BUILDS).map(async ([name, options]) => [name, await esbuild.build(options)]),
  );
  for (const [name, result] of results) writeMetafile(name, result.metafile);
  fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  const bundles = Object.values(BUILDS).map((options) => options.outfile);
  console.log(`built ${bundles.join(', ')} in ${Math.round(performance.now() - started)} ms`);
}
