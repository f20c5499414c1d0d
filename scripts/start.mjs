// The quick start's main job: install what is missing, build, then train the default model on the bundled
// sample dataset. The CLI prints where the experiment went and its evaluation metrics.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

try {
  run('bash', ['scripts/setup.sh']);
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, ['dist/cli.js', 'train', '--app-state', 'samples/app_state.json']);
} catch (error) {
  // The failing step has already printed its own message.
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
}
