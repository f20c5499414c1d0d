import { createRunCharts } from '../charts/runCharts';
import { createExperimentNameField } from '../live/experimentName';
import { createRunActions } from '../live/runActions';
import { createRunLog } from '../live/runLog';
import { createRunProgress } from '../live/runProgress';
import type { CardContext } from './context';

/** Run: name the experiment, start or stop it, and watch its progress, charts and log live. */
export function createRunCard(context: CardContext): void {
  const { frame, store, post } = context;
  frame.body.classList.add('live-card');
  frame.body.append(
    createExperimentNameField(store, post),
    createRunActions(store, post),
    createRunProgress(store),
    createRunCharts(store),
    createRunLog(store),
  );
}
