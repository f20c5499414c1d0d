// `npm test`: installs what is missing, then runs every check and test layer, and ends with plain
// `N passed, N failed` lines (one per layer, then the total). Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'test/artifacts');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** A node:test run whose counts are read from a TAP copy of its report. */
function nodeTests(name, directory) {
  const tap = path.join(artifacts, `${name}.tap`);
  fs.rmSync(tap, { force: true });
  const status = run(process.execPath, [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    directory,
  ]);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = (key) => Number(text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  return { passed: count('pass'), failed: failed || (status === 0 ? 0 : 1) };
}

/** A check that passes or fails as a whole (lint, typecheck, build). */
function check(command, args) {
  return run(command, args) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** The extension-host suite (test/integration/run.ts) writes its plain `N passed, N failed` line to a file. */
function integrationTests() {
  const status = run(process.execPath, ['out/test/integration/run.js']);
  const results = path.join(artifacts, 'integration-results.txt');
  const text = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '';
  const match = /^(\d+) passed, (\d+) failed$/m.exec(text);
  const failed = Number(match?.[2] ?? 0);
  return { passed: Number(match?.[1] ?? 0), failed: failed || (status === 0 ? 0 : 1) };
}

// Each stage runs only when the stages it needs passed; `needs` names them.
const STAGES = [
  { name: 'setup', run: () => check('bash', ['scripts/setup.sh', '--test-host']) },
  {
    name: 'format',
    needs: ['setup'],
    run: () => check(bin('prettier'), ['--check', '--log-level=warn', '.']),
  },
  { name: 'lint', needs: ['setup'], run: () => check(bin('eslint'), ['--max-warnings', '0', '.']) },
  {
    name: 'typecheck',
    needs: ['setup'],
    run: () => {
      fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
      return check('bash', ['-c', `"${bin('tsc')}" -p . && "${bin('tsc')}" -p webview`]);
    },
  },
  { name: 'build', needs: ['setup'], run: () => check('npm', ['run', '--silent', 'package']) },
  { name: 'unit', needs: ['typecheck', 'build'], run: () => nodeTests('unit', 'out/test/unit/') },
  { name: 'engine', needs: ['typecheck', 'build'], run: () => nodeTests('engine', 'out/test/engine/') },
  { name: 'webview', needs: ['typecheck', 'build'], run: () => nodeTests('webview', 'out/test/webview/') },
  { name: 'harness', needs: ['typecheck', 'build'], run: () => nodeTests('harness', 'out/test/harness/') },
  { name: 'integration', needs: ['typecheck', 'build'], run: integrationTests },
  { name: 'ui', needs: ['typecheck', 'build'], run: () => nodeTests('ui', 'out/test/ui/') },
];

fs.mkdirSync(artifacts, { recursive: true });
const outcomes = new Map();
for (const stage of STAGES) {
  const blockedBy = (stage.needs ?? []).filter((need) => outcomes.get(need)?.failed !== 0);
  if (blockedBy.length > 0) {
    outcomes.set(stage.name, {
      passed: 0,
      failed: 1,
      seconds: 0,
      note: `not run: ${blockedBy.join(', ')} failed`,
    });
    continue;
  }
  console.log(`\n━━ ${stage.name} ━━`);
  const started = performance.now();
  const outcome = stage.run();
  outcomes.set(stage.name, { ...outcome, seconds: (performance.now() - started) / 1000 });
}

console.log('\n━━ summary ━━');
for (const [name, { failed, seconds, note }] of outcomes) {
  console.log(
    `${name.padEnd(12)} ${failed === 0 ? 'ok    ' : 'FAILED'} ${seconds.toFixed(1).padStart(6)} s  ${note ?? ''}`,
  );
}
let totalPassed = 0;
let totalFailed = 0;
for (const [name, { passed, failed }] of outcomes) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  totalPassed += passed;
  totalFailed += failed;
}
console.log(`total: ${totalPassed} passed, ${totalFailed} failed`);
process.exitCode = totalFailed === 0 ? 0 : 1;
