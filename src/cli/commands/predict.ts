import type { CliContext } from '../context';

export async function predict(args: readonly string[], context: CliContext): Promise<number> {
  void args;
  void context;
  return Promise.reject(new Error('placeholder: train-studio predict is not written yet'));
}
