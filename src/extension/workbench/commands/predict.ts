import type { CommandContext } from './context';

// Predict on Images: `train-studio predict` runs a checkpoint on images the user picks and writes annotations (and drawn images).

export async function predict(context: CommandContext, argument: unknown): Promise<unknown> {
  void context;
  void argument;
  return Promise.reject(new Error('placeholder: predict is not written yet'));
}
