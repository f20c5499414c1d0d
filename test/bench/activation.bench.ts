import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import { report } from './measure';

// What activating the extension costs before any of its code runs: loading dist/extension.js. Measured in
// fresh Node processes with a stand-in `vscode` module that has just the values the bundle reads at load.

const BUNDLE = path.join(REPO_ROOT, 'dist', 'extension.js');
const RUNS = 7;

function loadTimes(): number[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-activation-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules', 'vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'node_modules', 'vscode', 'index.js'),
      'module.exports = { DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2 }, CodeActionKind: { QuickFix: {} } };',
    );
    fs.copyFileSync(BUNDLE, path.join(dir, 'extension.js'));
    const probe =
      "const t = process.hrtime.bigint(); require('./extension.js'); console.log(Number(process.hrtime.bigint() - t) / 1e6);";
    return Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8' }).trim()),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(BUNDLE)) {
  const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
}
const times = loadTimes().sort((a, b) => a - b);
report('dist/extension.js size', fs.statSync(BUNDLE).size / 1024, 'KiB');
report('load dist/extension.js (median of 7 processes)', times[Math.floor(RUNS / 2)] ?? NaN, 'ms');
