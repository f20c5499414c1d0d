import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findPackageFile } from '../packageFile';

/** Built by scripts/build.mjs from tfjs-core's ES module gradient files. */
const GRADIENTS_BUNDLE = path.join('dist', 'tfjsGradients.js');

/** The bundle sits in dist/: beside the CLI bundle, or at the package root above the compiled sources in out/. */
function findGradientsBundle(): string {
  const bundle = findPackageFile(__dirname, [path.basename(GRADIENTS_BUNDLE), GRADIENTS_BUNDLE]);
  if (bundle === undefined) {
    throw new Error(`Train Studio's ${GRADIENTS_BUNDLE} is missing; run 'npm run build' to make it.`);
  }
  return bundle;
}

/**
 * tfjs-core's CommonJS build (what `require('@tensorflow/tfjs-core')` loads) registers no gradients: they
 * live only in its ES module files, which `@tensorflow/tfjs` imports through a bundler. Our build bundles
 * them (dist/tfjsGradients.js); loading it registers tfjs-core's own gradients in the registry that every
 * copy of tfjs-core shares (it lives on the global object). Once per process, and a no-op where a tfjs
 * package already registered them (tfjs-node).
 */
export function registerCoreGradients(): void {
  // Typed as always found, but undefined for a kernel without a gradient.
  if (!(tf.getGradient(tf.Conv2D) as tf.GradConfig | undefined))
    createRequire(__filename)(findGradientsBundle());
}
