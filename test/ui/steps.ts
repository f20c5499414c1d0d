import { it } from 'node:test';
import type { Workbench } from './workbench';

export type Step = (name: string, timeoutMs: number, body: (workbench: Workbench) => Promise<void>) => void;

/**
 * User-visible steps that build on each other, in order: after a failure the rest are skipped, and the
 * workbench as the failure left it is saved as failure.png.
 */
export function stepSequence(workbench: () => Workbench | undefined): Step {
  let earlierStepFailed = false;
  return (name, timeoutMs, body) => {
    it(name, { timeout: timeoutMs }, async (t) => {
      if (earlierStepFailed) {
        t.skip('an earlier step failed');
        return;
      }
      const opened = workbench();
      if (!opened) throw new Error('the workbench did not open');
      try {
        await body(opened);
      } catch (error) {
        earlierStepFailed = true;
        await opened.screenshot('failure.png').catch(() => undefined);
        throw error;
      }
    });
  };
}
