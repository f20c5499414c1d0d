import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import { report } from './measure';

// What activating the extension costs before any of its code runs (loading dist/extension.js), and what the
// first config file costs on top (loading dist/configLanguage.js, the validator). Measured in fresh Node
// processes with a stand-in `vscode` module that has just the values the bundles read at load.

const DIST = path.join(REPO_ROOT, 'dist');
const BUNDLES = ['extension.js', 'configLanguage.js'];
const RUNS = 7;

function loadTimes(bundle: string): number[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-activation-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules', 'vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'node_modules', 'vscode', 'index.js'),
      'module.exports = { DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2 }, CodeActionKind: { QuickFix: {} } };',
    );
    for (const name of BUNDLES) fs.copyFileSync(path.join(DIST, name), path.join(dir, name));
    const probe = `const t = process.hrtime.bigint(); require('./${bundle}'); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
    return Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8' }).trim()),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!BUNDLES.every((name) => fs.existsSync(path.join(DIST, name)))) {
  const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
}
for (const bundle of BUNDLES) {
  const times = loadTimes(bundle).sort((a, b) => a - b);
  report(`dist/${bundle} size`, fs.statSync(path.join(DIST, bundle)).size / 1024, 'KiB');
  report(
    `load dist/${bundle} (median of ${String(RUNS)} processes)`,
    times[Math.floor(RUNS / 2)] ?? NaN,
    'ms',
  );
}
