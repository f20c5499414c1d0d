// `npm run bench`: compiles, then runs each test/bench/*.bench.ts in a process of its own, so that one
// benchmark's heap and peak RSS never colour another's. Prints figures; never fails on timing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
spawnSync('bash', [path.join(root, 'scripts/bench-setup.sh')], { cwd: root, stdio: 'inherit' });
const compiled = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', '.'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const benchDir = path.join(root, 'out/test/bench');
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

let failed = false;
for (const name of benches) {
  console.log(`\n## ${name.replace(/\.bench\.js$/, '')}`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(benchDir, name)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
