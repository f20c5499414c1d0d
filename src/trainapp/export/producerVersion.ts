import fs from 'node:fs';
import { findPackageFile } from '../../engine/packageFile';

// The version an ONNX model records as its producer's: Train Studio's own, from its package.json. An export
// made inside a run (finalise) has no CLI context to ask, so it is read here, beside the code.

export function producerVersion(): string {
  const manifest = findPackageFile(__dirname, ['package.json']);
  try {
    const { version } = JSON.parse(fs.readFileSync(manifest ?? '', 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
