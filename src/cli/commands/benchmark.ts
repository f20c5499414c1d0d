import type { CliContext } from '../context';

export async function benchmark(args: readonly string[], context: CliContext): Promise<number> {
  void args;
  void context;
  return Promise.reject(new Error('placeholder: train-studio benchmark is not written yet'));
}
