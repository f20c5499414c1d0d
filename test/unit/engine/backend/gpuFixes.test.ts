import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CUDA_LIBRARIES } from '../../../../src/engine/backend/cudaLibraries';
import type { LibraryFinding } from '../../../../src/engine/backend/cudaLibraries';
import { fixesFor, verdictOf, versionAtLeast } from '../../../../src/engine/backend/gpuFixes';
import type { GpuFindings } from '../../../../src/engine/backend/gpuFixes';

const WORKSPACE = '/home/ada/project';

const libraries = (state: (soname: string) => Partial<LibraryFinding> = () => ({})): LibraryFinding[] =>
  CUDA_LIBRARIES.map((library) => ({
    name: library.name,
    required: library.soname,
    found: [`/usr/lib/x86_64-linux-gnu/${library.soname}`],
    ok: true,
    offLoaderPath: [],
    ...state(library.soname),
  }));

const H100 = {
  found: true,
  driverVersion: '535.104.05',
  cudaVersion: '12.2',
  gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 }],
  detail: '1 GPU, driver 535.104.05, supports CUDA 12.2',
};

function findings(overrides: Partial<GpuFindings> = {}): GpuFindings {
  return {
    platform: 'linux',
    backends: [
      { name: 'tensorflow-gpu', loads: false, detail: 'libtensorflow found no usable GPU' },
      { name: 'tensorflow', loads: true, detail: 'libtensorflow on the CPU' },
      { name: 'wasm', loads: true, detail: 'SIMD, 1 thread' },
      { name: 'cpu', loads: true, detail: 'pure JavaScript' },
    ],
    nvidiaSmi: H100,
    libraries: libraries(),
    gpuPackageInstalled: true,
    workspace: WORKSPACE,
    ...overrides,
  };
}

const gpuLoads = findings().backends.map((probe) =>
  probe.name === 'tensorflow-gpu' ? { ...probe, loads: true, detail: 'libtensorflow with CUDA' } : probe,
);

describe('the GPU verdict', () => {
  it('is gpu-ready when the GPU backend works, whatever else is missing', () => {
    const ready = findings({ backends: gpuLoads, libraries: libraries(() => ({ ok: false })) });
    assert.equal(verdictOf(ready), 'gpu-ready');
    assert.deepEqual(fixesFor(ready), []);
  });

  it('is gpu-unavailable when the driver is there but the backend does not work', () => {
    assert.equal(verdictOf(findings()), 'gpu-unavailable');
  });

  it('is no-gpu without nvidia-smi, and says to install a driver if there is a GPU', () => {
    const none = findings({
      nvidiaSmi: { found: false, gpus: [], detail: 'nvidia-smi is not on PATH' },
      gpuPackageInstalled: false,
    });
    assert.equal(verdictOf(none), 'no-gpu');
    const fixes = fixesFor(none);
    assert.equal(fixes.length, 1);
    assert.match(
      fixes[0] ?? '',
      /^No NVIDIA GPU was found \(nvidia-smi is not on PATH\)\. If this machine has one, install its driver/,
    );
  });

  it('says macOS has no CUDA', () => {
    const mac = findings({
      platform: 'darwin',
      nvidiaSmi: { found: false, gpus: [], detail: 'not found' },
      libraries: [],
    });
    assert.match(fixesFor(mac)[0] ?? '', /^macOS has no CUDA/);
  });
});

describe('the fix steps', () => {
  it('start with the driver when nvidia-smi cannot reach it', () => {
    const fixes = fixesFor(
      findings({ nvidiaSmi: { found: true, gpus: [], detail: 'nvidia-smi failed: NVIDIA-SMI has failed' } }),
    );
    assert.match(
      fixes[0] ?? '',
      /^The NVIDIA driver does not answer \(nvidia-smi failed: NVIDIA-SMI has failed\)\. Reinstall the driver/,
    );
  });

  it('ask for a newer driver when it supports a CUDA older than 11.2', () => {
    const old = findings({ nvidiaSmi: { ...H100, cudaVersion: '11.0' } });
    assert.match(
      fixesFor(old)[0] ?? '',
      /^Update the NVIDIA driver: it supports CUDA 11\.0, and TensorFlow 2\.9\.1 needs CUDA 11\.2 or newer/,
    );
    assert.ok(
      !fixesFor(findings()).some((fix) => fix.startsWith('Update the NVIDIA driver')),
      'CUDA 12.2 is enough',
    );
  });

  it('give the npm install of the pinned GPU runtime, in the workspace, when it is missing', () => {
    const fixes = fixesFor(findings({ gpuPackageInstalled: false }));
    assert.deepEqual(
      fixes.filter((fix) => fix.includes('npm install')),
      [
        'Install the GPU runtime in your workspace (it downloads libtensorflow 2.9.1 for CUDA 11.2): ' +
          'cd "/home/ada/project" && npm install @tensorflow/tfjs-node-gpu@4.22.0',
      ],
    );
  });

  it('give the apt packages of exactly the missing libraries, naming the versions that were found instead', () => {
    const fixes = fixesFor(
      findings({
        libraries: libraries((soname) =>
          soname === 'libcudart.so.11.0'
            ? { ok: false, found: ['/usr/local/cuda-12.4/lib64/libcudart.so.12'] }
            : soname.startsWith('libcublas')
              ? { ok: false, found: [] }
              : {},
        ),
      }),
    );
    assert.equal(fixes.length, 2);
    assert.match(
      fixes[0] ?? '',
      /missing: libcudart\.so\.11\.0, libcublas\.so\.11, libcublasLt\.so\.11; other versions found, which it cannot use: \/usr\/local\/cuda-12\.4\/lib64\/libcudart\.so\.12\)/,
    );
    assert.match(fixes[0] ?? '', /sudo apt-get install cuda-cudart-11-2 libcublas-11-2$/);
    assert.match(
      fixes[1] ?? '',
      /^Or, without apt: install CUDA 11\.2 from https:\/\/developer\.nvidia\.com\/cuda-11-2-2-download-archive and cuDNN 8\.1/,
    );
  });

  it('pin cuDNN 8.1 for CUDA 11.2 when it is missing', () => {
    const fixes = fixesFor(
      findings({
        libraries: libraries((soname) => (soname === 'libcudnn.so.8' ? { ok: false, found: [] } : {})),
      }),
    );
    assert.match(fixes[0] ?? '', /sudo apt-get install libcudnn8=8\.1\.0\.77-1\+cuda11\.2$/);
  });

  it('give LD_LIBRARY_PATH when the libraries are installed where the loader does not look', () => {
    const fixes = fixesFor(
      findings({
        libraries: libraries(() => ({ ok: false, offLoaderPath: ['/usr/local/cuda-11.2/lib64'] })),
      }),
    );
    assert.equal(fixes.length, 1);
    assert.match(fixes[0] ?? '', /export LD_LIBRARY_PATH=\/usr\/local\/cuda-11\.2\/lib64:\$LD_LIBRARY_PATH/);
    assert.match(fixes[0] ?? '', /sudo tee \/etc\/ld\.so\.conf\.d\/cuda-11\.2\.conf && sudo ldconfig$/);
  });

  it('order driver, runtime, libraries', () => {
    const fixes = fixesFor(
      findings({
        nvidiaSmi: { ...H100, cudaVersion: '10.2' },
        gpuPackageInstalled: false,
        libraries: libraries(() => ({ ok: false, found: [] })),
      }),
    );
    assert.deepEqual(
      fixes.map((fix) => fix.split(' ').slice(0, 3).join(' ')),
      ['Update the NVIDIA', 'Install the GPU', 'Install the CUDA', 'Or, without apt:'],
    );
  });

  it("hand on the GPU backend's own reason when everything else is in place", () => {
    const fixes = fixesFor(findings());
    assert.equal(fixes.length, 1);
    assert.match(
      fixes[0] ?? '',
      /yet the GPU backend does not work: libtensorflow found no usable GPU\. Reinstall the runtime/,
    );
  });

  it('on Windows, point at CUDA and cuDNN for PATH, since the libraries are not checked there', () => {
    const fixes = fixesFor(findings({ platform: 'win32', libraries: [] }));
    assert.match(fixes[0] ?? '', /add their bin folders to PATH/);
  });
});

describe('versionAtLeast', () => {
  it('compares major, then minor, as numbers', () => {
    assert.equal(versionAtLeast('11.2', '11.2'), true);
    assert.equal(versionAtLeast('11.10', '11.2'), true);
    assert.equal(versionAtLeast('12.0', '11.2'), true);
    assert.equal(versionAtLeast('11.1', '11.2'), false);
    assert.equal(versionAtLeast('10.9', '11.2'), false);
  });
});
