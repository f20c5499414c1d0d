import * as tf from '@tensorflow/tfjs-core';
import fs from 'node:fs';
import path from 'node:path';

/** What Node can run: SIMD, and no threads (the threaded build needs browser workers). */
const SIMD_BINARY = 'tfjs-backend-wasm-simd.wasm';

/**
 * The folder with the package's .wasm binaries, found from its entry point, so it is right both from tsc's
 * out/ and from a bundle with the package external. The emscripten loader's default, its own script's folder,
 * is wrong once the loader is bundled.
 */
export function wasmBinaryFolder(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

let loading: Promise<string | undefined> | undefined;

/**
 * Loads the wasm backend package, which registers the `wasm` backend, and points it at its binaries; once per
 * process. Loaded on demand rather than imported: a registered wasm backend outranks cpu, so importing it
 * would make it tfjs's default, uninitialised, for code that never selects a backend. Returns why it cannot
 * run, if it cannot.
 */
export function loadWasmBackend(): Promise<string | undefined> {
  loading ??= (async () => {
    const folder = wasmBinaryFolder();
    if (!fs.existsSync(path.join(folder, SIMD_BINARY))) return `${SIMD_BINARY} is missing from ${folder}`;
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(folder + path.sep);
    return undefined;
  })();
  return loading;
}

/** How the running wasm backend executes, for the log: "SIMD, 1 thread". */
export async function describeWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
}
