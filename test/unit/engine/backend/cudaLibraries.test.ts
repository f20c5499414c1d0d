import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CUDA_LIBRARIES,
  cudaInstallFolders,
  findCudaLibraries,
  librarySearchHere,
  parseLdconfigCache,
  SYSTEM_LIBRARY_FOLDERS,
} from '../../../../src/engine/backend/cudaLibraries';
import type { LibraryFinding, LibrarySearch } from '../../../../src/engine/backend/cudaLibraries';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-cuda-libs-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

let folders = 0;
/** A new folder holding empty files with the given names, as a CUDA install lays out its libraries. */
function folderWith(...files: string[]): string {
  const folder = path.join(tmp, `lib${folders++}`);
  fs.mkdirSync(folder, { recursive: true });
  for (const file of files) fs.writeFileSync(path.join(folder, file), '');
  return folder;
}

const ALL_CUDA_11 = CUDA_LIBRARIES.map((library) => library.soname);
const search = (overrides: Partial<LibrarySearch>): LibrarySearch => ({
  loaderFolders: [],
  cache: [],
  otherFolders: [],
  ...overrides,
});
const byName = (findings: readonly LibraryFinding[], name: string) => {
  const finding = findings.find((entry) => entry.name === name);
  assert.ok(finding, name);
  return finding;
};

describe('the CUDA libraries TensorFlow 2.9 loads', () => {
  it('are the CUDA 11 and cuDNN 8 sonames, eight of them', () => {
    assert.deepEqual(ALL_CUDA_11, [
      'libcudart.so.11.0',
      'libcublas.so.11',
      'libcublasLt.so.11',
      'libcufft.so.10',
      'libcurand.so.10',
      'libcusolver.so.11',
      'libcusparse.so.11',
      'libcudnn.so.8',
    ]);
  });

  it('are all ok when a folder the loader searches holds each soname', () => {
    const folder = folderWith(
      ...ALL_CUDA_11,
      'libcudart.so.11.2.152',
      'libcudnn.so.8.1.0',
      'libcudnn_ops_infer.so.8',
    );
    const findings = findCudaLibraries(search({ loaderFolders: [folder] }));
    assert.deepEqual(
      findings.filter((finding) => !finding.ok),
      [],
    );
    assert.deepEqual(byName(findings, 'libcudart').found, [
      path.join(folder, 'libcudart.so.11.0'),
      path.join(folder, 'libcudart.so.11.2.152'),
    ]);
    // libcudnn_ops_infer is another library, and libcublasLt is not libcublas.
    assert.deepEqual(byName(findings, 'libcudnn').found, [
      path.join(folder, 'libcudnn.so.8'),
      path.join(folder, 'libcudnn.so.8.1.0'),
    ]);
    assert.deepEqual(byName(findings, 'libcublas').found, [path.join(folder, 'libcublas.so.11')]);
  });

  it('are not ok in another version only, which is listed as found', () => {
    const folder = folderWith('libcudart.so', 'libcudart.so.12', 'libcudart.so.12.4.127', 'libcudnn.so.9');
    const findings = findCudaLibraries(search({ loaderFolders: [folder] }));
    const cudart = byName(findings, 'libcudart');
    assert.equal(cudart.ok, false);
    assert.deepEqual(cudart.offLoaderPath, []);
    assert.deepEqual(
      cudart.found,
      ['libcudart.so', 'libcudart.so.12', 'libcudart.so.12.4.127'].map((file) => path.join(folder, file)),
    );
    assert.equal(byName(findings, 'libcudnn').ok, false);
    assert.deepEqual(byName(findings, 'libcufft').found, []);
  });

  it('are found through the loader cache too', () => {
    const findings = findCudaLibraries(
      search({
        cache: parseLdconfigCache(
          '\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.8\n' +
            '\tlibcufft.so.11 (libc6,x86-64) => /usr/local/cuda-12.4/lib64/libcufft.so.11\n',
        ),
      }),
    );
    assert.deepEqual(byName(findings, 'libcudnn'), {
      name: 'libcudnn',
      required: 'libcudnn.so.8',
      found: ['/usr/lib/x86_64-linux-gnu/libcudnn.so.8'],
      ok: true,
      offLoaderPath: [],
    });
    assert.equal(byName(findings, 'libcufft').ok, false);
  });

  it('in a CUDA folder the loader does not search are not ok, and that folder is named for LD_LIBRARY_PATH', () => {
    const cuda = folderWith(...ALL_CUDA_11);
    const findings = findCudaLibraries(search({ loaderFolders: [folderWith()], otherFolders: [cuda] }));
    for (const finding of findings) {
      assert.equal(finding.ok, false, finding.name);
      assert.deepEqual(finding.offLoaderPath, [cuda], finding.name);
      assert.deepEqual(finding.found, [path.join(cuda, finding.required)]);
    }
  });

  it('count a file once, however many links and folders lead to it', () => {
    const real = folderWith('libcurand.so.10.2.3.135');
    fs.symlinkSync('libcurand.so.10.2.3.135', path.join(real, 'libcurand.so.10'));
    const link = path.join(tmp, 'cuda-link');
    fs.symlinkSync(real, link);
    const findings = findCudaLibraries(search({ loaderFolders: [link], otherFolders: [real] }));
    const curand = byName(findings, 'libcurand');
    assert.equal(curand.ok, true);
    assert.deepEqual(curand.found, [path.join(link, 'libcurand.so.10')]);
  });

  it('skips folders that do not exist', () => {
    const findings = findCudaLibraries(search({ loaderFolders: [path.join(tmp, 'nowhere')] }));
    assert.equal(findings.length, 8);
    assert.ok(findings.every((finding) => !finding.ok && finding.found.length === 0));
  });
});

describe('where the libraries are looked for', () => {
  it('parses ldconfig -p, skipping its header', () => {
    const text = [
      "876 libs found in cache `/etc/ld.so.cache'",
      '\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda-11.2/lib64/libcudart.so.11.0',
      '\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1',
      '\tlibcublas.so.11 (libc6,x86-64, OS ABI: Linux 3.2.0) => /usr/lib/x86_64-linux-gnu/libcublas.so.11',
      '',
    ].join('\n');
    assert.deepEqual(parseLdconfigCache(text), [
      { soname: 'libcudart.so.11.0', path: '/usr/local/cuda-11.2/lib64/libcudart.so.11.0' },
      { soname: 'libz.so.1', path: '/lib/x86_64-linux-gnu/libz.so.1' },
      { soname: 'libcublas.so.11', path: '/usr/lib/x86_64-linux-gnu/libcublas.so.11' },
    ]);
  });

  it('finds the lib64 folder of every cuda* install under a root', () => {
    const root = path.join(tmp, 'usr-local');
    for (const install of ['cuda-11.2/lib64', 'cuda-12.4/lib64', 'cuda-docs', 'cudnn/lib64', 'bin']) {
      fs.mkdirSync(path.join(root, install), { recursive: true });
    }
    fs.symlinkSync(path.join(root, 'cuda-11.2'), path.join(root, 'cuda'));
    assert.deepEqual(cudaInstallFolders(root), [
      path.join(root, 'cuda/lib64'),
      path.join(root, 'cuda-11.2/lib64'),
      path.join(root, 'cuda-12.4/lib64'),
    ]);
    assert.deepEqual(cudaInstallFolders(path.join(tmp, 'no-such-root')), []);
  });

  it("searches LD_LIBRARY_PATH's folders first, then the system's", async () => {
    const search = await librarySearchHere({ LD_LIBRARY_PATH: '/opt/cuda/lib64::/opt/cudnn/lib' });
    assert.deepEqual(search.loaderFolders, ['/opt/cuda/lib64', '/opt/cudnn/lib', ...SYSTEM_LIBRARY_FOLDERS]);
    assert.deepEqual((await librarySearchHere({})).loaderFolders, SYSTEM_LIBRARY_FOLDERS);
  });
});
