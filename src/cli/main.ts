import { bindStopToProcess } from '../engine/train/stop';
import { readPackageInfo } from './packageInfo';
import { runCli } from './program';

// Entry point of dist/cli.js. Anything that escapes runCli is a bug in Train Studio, not in the user's
// input: say so in one line and point at the details instead of dumping a stack trace on the terminal.
async function main(): Promise<void> {
  const { version, root } = readPackageInfo();
  process.exitCode = await runCli(process.argv.slice(2), {
    version,
    packageRoot: root,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    bindStop: (stop) =>
      bindStopToProcess(stop, {
        onInvalidCommand: (error) => process.stderr.write(`train-studio: ignored stdin line: ${error}\n`),
      }),
    colour: process.stderr.isTTY && process.stderr.hasColors(),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `train-studio: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (process.env.TRAIN_STUDIO_DEBUG) console.error(error);
  else process.stderr.write('  Set TRAIN_STUDIO_DEBUG=1 for the details, and please report it.\n');
  process.exitCode = 70;
});
