import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  GPU_QUERY_ARGS,
  parseCudaVersion,
  parseGpuQuery,
  probeNvidiaSmi,
} from '../../../../src/engine/backend/nvidiaSmi';

// Output as nvidia-smi prints it (driver 535 on a two-GPU machine, and a GPU whose memory it cannot read).
const QUERY_OUTPUT = [
  'NVIDIA H100 80GB HBM3, 81559, 535.104.05',
  'NVIDIA GeForce RTX 3090, 24576, 535.104.05',
  '',
].join('\n');

const BANNER = `Mon Jun  3 10:12:44 2024
+---------------------------------------------------------------------------------------+
| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |
|-----------------------------------------+----------------------+----------------------+
| GPU  Name                 Persistence-M | Bus-Id        Disp.A | Volatile Uncorr. ECC |
|=========================================+======================+======================|
|   0  NVIDIA H100 80GB HBM3          On  | 00000000:19:00.0 Off |                    0 |
+-----------------------------------------+----------------------+----------------------+
`;

const DRIVER_DOWN =
  "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-nvidia-smi-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A stand-in nvidia-smi: prints the query answer or the banner depending on its arguments, or fails. */
function fakeNvidiaSmi(name: string, script: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

describe('nvidia-smi', () => {
  it('parses the GPU query: names, memory in MiB and the driver version', () => {
    assert.deepEqual(parseGpuQuery(QUERY_OUTPUT), {
      driverVersion: '535.104.05',
      gpus: [
        { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
        { name: 'NVIDIA GeForce RTX 3090', memoryMiB: 24576 },
      ],
    });
  });

  it('keeps a name holding a comma whole, and leaves out memory it cannot read', () => {
    assert.deepEqual(parseGpuQuery('Tesla K80, rev B, [N/A], 470.82.01\r\n'), {
      driverVersion: '470.82.01',
      gpus: [{ name: 'Tesla K80, rev B' }],
    });
    assert.deepEqual(parseGpuQuery('No devices were found\n'), { gpus: [] });
  });

  it('reads the newest CUDA the driver supports from the banner', () => {
    assert.equal(parseCudaVersion(BANNER), '12.2');
    assert.equal(
      parseCudaVersion('| NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4 |'),
      '11.4',
    );
    assert.equal(parseCudaVersion(DRIVER_DOWN), undefined);
  });

  it('reports a machine with a driver: its GPUs, driver and CUDA version', async () => {
    const command = fakeNvidiaSmi(
      'nvidia-smi-ok',
      `if [ "$1" = "${GPU_QUERY_ARGS[0]}" ] && [ "$2" = "${GPU_QUERY_ARGS[1]}" ]; then printf '${QUERY_OUTPUT.replace(/\n/g, '\\n')}'; else cat <<'BANNER'\n${BANNER}BANNER\nfi`,
    );
    assert.deepEqual(await probeNvidiaSmi(command), {
      found: true,
      driverVersion: '535.104.05',
      cudaVersion: '12.2',
      gpus: [
        { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
        { name: 'NVIDIA GeForce RTX 3090', memoryMiB: 24576 },
      ],
      detail: '2 GPUs, driver 535.104.05, supports CUDA 12.2',
    });
  });

  it('reports an nvidia-smi that cannot reach the driver as found, with what it said', async () => {
    const command = fakeNvidiaSmi('nvidia-smi-down', `echo "${DRIVER_DOWN}"\nexit 9`);
    assert.deepEqual(await probeNvidiaSmi(command), {
      found: true,
      gpus: [],
      detail: `${command} failed: ${DRIVER_DOWN}`,
    });
  });

  it('reports a missing nvidia-smi as not found, saying what that means', async () => {
    const report = await probeNvidiaSmi(path.join(tmp, 'no-such-nvidia-smi'));
    assert.equal(report.found, false);
    assert.deepEqual(report.gpus, []);
    assert.match(report.detail, /no-such-nvidia-smi is not on PATH: no NVIDIA driver is installed/);
  });
});
