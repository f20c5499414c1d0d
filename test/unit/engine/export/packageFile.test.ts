import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findPackageFile } from '../../../../src/engine/packageFile';

// The search that finds onnx.proto (and dist/tfjsGradients.js) from a bundle in dist/ and from compiled
// sources in out/, on a stand-in package folder.
describe('findPackageFile', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'train-package-'));
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });
  function write(relative: string): void {
    fs.mkdirSync(path.join(root, path.dirname(relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), 'x');
  }
  const candidates = ['onnx.proto', path.join('src', 'export', 'onnx.proto')];
  write('dist/onnx.proto');
  write('src/export/onnx.proto');
  fs.mkdirSync(path.join(root, 'out', 'src', 'export'), { recursive: true });

  it('finds the copy beside a bundle', () => {
    assert.equal(findPackageFile(path.join(root, 'dist'), candidates), path.join(root, 'dist', 'onnx.proto'));
  });

  it('finds the source copy from the compiled module, folders up', () => {
    assert.equal(
      findPackageFile(path.join(root, 'out', 'src', 'export'), candidates),
      path.join(root, 'src', 'export', 'onnx.proto'),
    );
  });

  it('gives undefined when no candidate exists up to the file-system root', () => {
    assert.equal(findPackageFile(path.join(root, 'out'), ['no-such-file.proto']), undefined);
  });
});
