import type { CommandContext } from './context';

// Run Speed Test: `train-studio benchmark` times the checkpoint on tfjs and ONNX Runtime and writes evaluation/speedtest.json.

export async function speedTest(context: CommandContext, argument: unknown): Promise<unknown> {
  void context;
  void argument;
  return Promise.reject(new Error('placeholder: speedTest is not written yet'));
}
