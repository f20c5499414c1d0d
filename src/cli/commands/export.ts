import type { CliContext } from '../context';

export async function exportCommand(args: readonly string[], context: CliContext): Promise<number> {
  void args;
  void context;
  return Promise.reject(new Error('placeholder: train-studio export is not written yet'));
}
