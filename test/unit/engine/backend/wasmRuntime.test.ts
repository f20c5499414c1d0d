import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { wasmBinaryFolder } from '../../../../src/engine/backend/wasmRuntime';
import { REPO_ROOT } from '../../../paths';

// Which .wasm file the emscripten loader reads, seen by wrapping fs.readFileSync (the read still happens).
const REPORT_WASM_READS = `
const fs = require('node:fs');
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('.wasm')) process.stdout.write('read ' + file + '\\n');
  return readFileSync.call(this, file, ...rest);
};`;

const selectWasm = (backendModule: string) => `${REPORT_WASM_READS}
require(${JSON.stringify(backendModule)}).selectBackend({ only: ['wasm'] }).then(
  (selected) => console.log(selected.summary),
  (error) => console.log('failed: ' + error.message),
);`;

async function run(script: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 60_000 });
  return stdout.trim().split('\n');
}

const SIMD_BINARY = path.join(
  REPO_ROOT,
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
);

describe('the wasm backend in Node', () => {
  const bundleFolder = path.join(REPO_ROOT, 'out', `backend-bundle-test-${process.pid}`);
  after(() => {
    fs.rmSync(bundleFolder, { recursive: true, force: true });
  });

  it("finds the binaries in the package's dist folder", () => {
    assert.equal(wasmBinaryFolder(), path.dirname(SIMD_BINARY));
  });

  it('loads the SIMD binary when run from tsc output', async () => {
    const backendModule = path.join(REPO_ROOT, 'out/src/engine/backend/index.js');
    assert.deepEqual(await run(selectWasm(backendModule)), [
      `read ${SIMD_BINARY}`,
      'Training on wasm (SIMD, 1 thread)',
    ]);
  });

  // With the packages external the loader finds its binaries next to itself; bundled in, it would look next
  // to the bundle, where setWasmPaths must point it away.
  for (const [how, external] of [
    ['external', ['@tensorflow/*']],
    ['bundled in', []],
  ] as const) {
    it(`loads the SIMD binary from a bundle with the @tensorflow packages ${how}`, async () => {
      // Inside the repository, so the bundle resolves @tensorflow/* from node_modules as an installed one does.
      const bundle = path.join(bundleFolder, `${how.replace(' ', '-')}.js`);
      await esbuild.build({
        entryPoints: [path.join(REPO_ROOT, 'src/engine/backend/index.ts')],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: [...external],
        logLevel: 'silent',
      });
      assert.deepEqual(await run(selectWasm(bundle)), [
        `read ${SIMD_BINARY}`,
        'Training on wasm (SIMD, 1 thread)',
      ]);
    });
  }
});
