import { bindStopToProcess } from '../engine/train/stop';
import { readPackageInfo } from './packageInfo';
import { runCli } from './program';

// Entry point of dist/cli.js. Anything that escapes runCli is a bug in Train Studio, not in the user's
// input: say so in one line and point at the details instead of dumping a stack trace on the terminal.

/**
 * Colour on stderr when it is a terminal that takes colour, or when FORCE_COLOR asks for it (anything but
 * '0'): the editor's task terminal reads stderr through a pipe and shows colour. NO_COLOR, when set to
 * anything but the empty string (https://no-color.org), turns it off whatever else says.
 */
function wantsColour(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return stream.isTTY && stream.hasColors();
}

async function main(): Promise<void> {
  // A reader that stops early (`train-studio list | head`) closes the pipe: the output is no longer wanted.
  // End with the command's exit code, or, mid-command, as a program killed by SIGPIPE does (128 + 13).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 141);
  });
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
    colour: wantsColour(process.env, process.stderr),
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
