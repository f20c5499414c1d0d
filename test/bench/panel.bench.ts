import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { HostToWebviewMessage } from '../../src/core/panel/messages';
import { CHART_UPDATE_MEASURE } from '../../src/core/panel/measures';
import { REPO_ROOT } from '../paths';
import { openPanelPage, type PanelPage } from '../webview/harness';
import {
  artifactsMessage,
  comparisonMessage,
  epochPoints,
  evaluationMessage,
  experimentsMessage,
  metricsMessage,
  runMessage,
  sampleSetupMessages,
  sessionMessage,
  stepPoints,
} from '../webview/fixtures';
import { report } from './measure';

// The training panel in Debian's Chromium, on the production page and policy (the webview harness):
// 1. time to first render: navigation start → every card rendered from a realistic set of host messages;
// 2. one live chart update with 100k points held: the main-thread time of setData plus the redraw, which
//    the chart records as the performance measure CHART_UPDATE_MEASURE, for 1-step and 100-step deltas.
// Prints figures; never fails on timing.

const RENDER_RUNS = 5;
const PRELOADED_STEPS = 100_000;
const DELTAS = 30;

const FIRST_RENDER: readonly HostToWebviewMessage[] = [
  ...sampleSetupMessages(),
  runMessage(),
  metricsMessage([...stepPoints(1, 200), ...epochPoints(1), ...epochPoints(2)], true),
  artifactsMessage(),
  evaluationMessage,
  experimentsMessage,
  comparisonMessage,
];

/**
 * Posts the messages the way the host does, then one sentinel the page listens for after the panel's own
 * listener (postMessage events arrive in order, so when it arrives the panel has handled them all), then
 * waits two animation frames, so that layout and paint are done. Returns the page's clock (milliseconds
 * since navigation start) when the panel's script had run and posted `ready` (DOMContentLoaded: the script
 * is a blocking one at the end of the body), when the messages were sent, and when they were rendered.
 */
function renderedAt(
  panel: PanelPage,
  messages: readonly HostToWebviewMessage[],
): Promise<{ readonly loaded: number; readonly sent: number; readonly rendered: number }> {
  return panel.page.evaluate(`new Promise((resolve) => {
    const sent = performance.now();
    const loaded = performance.getEntriesByType('navigation')[0].domContentLoadedEventStart;
    const sentinel = 'bench-rendered';
    window.addEventListener('message', function done(event) {
      if (event.data !== sentinel) return;
      window.removeEventListener('message', done);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({ loaded, sent, rendered: performance.now() })));
    });
    for (const message of ${JSON.stringify(messages)}) window.postMessage(message, '*');
    window.postMessage(sentinel, '*');
  })`);
}

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;

async function firstRender(): Promise<void> {
  const loaded: number[] = [];
  const handled: number[] = [];
  const firstRenders: number[] = [];
  const roundTrip: number[] = [];
  for (let run = 0; run < RENDER_RUNS; run += 1) {
    const panel = await openPanelPage();
    try {
      const sent = performance.now();
      const times = await renderedAt(panel, FIRST_RENDER);
      loaded.push(times.loaded);
      handled.push(times.rendered - times.sent);
      // Without the harness's own pause between `ready` and its first message (a Playwright round trip).
      firstRenders.push(times.loaded + times.rendered - times.sent);
      roundTrip.push(performance.now() - sent);
      const cards = await panel.page.locator('section.card').count();
      if (cards !== 10) throw new Error(`expected 10 cards, found ${String(cards)}`);
    } finally {
      await panel.close();
    }
  }
  const median = (samples: number[]) =>
    percentile(
      samples.sort((a, b) => a - b),
      0.5,
    );
  const runs = `median of ${String(RENDER_RUNS)}`;
  report(`navigation start → script run, ready posted (${runs})`, median(loaded), 'ms');
  report(`messages received → all cards rendered, in page (${runs})`, median(handled), 'ms');
  report(`first render: navigation start → all cards (${runs})`, median(firstRenders), 'ms', '< 500 ms');
  report(`messages sent → rendered, from the test side (${runs})`, median(roundTrip), 'ms');
}

async function chartUpdates(): Promise<void> {
  const panel = await openPanelPage();
  try {
    await panel.send(sessionMessage());
    await panel.send(runMessage());
    const preload = performance.now();
    await panel.send(metricsMessage(stepPoints(1, PRELOADED_STEPS), true));
    await waitForPoints(panel, PRELOADED_STEPS);
    report(
      `preload ${String(PRELOADED_STEPS / 1000)}k steps (loss and lr), message to drawn`,
      performance.now() - preload,
      'ms',
    );
    let step = PRELOADED_STEPS + 1;
    for (const size of [1, 100]) {
      await panel.page.evaluate(`window.chartUpdates = []; window.chartObserver?.disconnect();
        window.chartObserver = new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.name === ${JSON.stringify(CHART_UPDATE_MEASURE)}) window.chartUpdates.push(entry.duration); });
        window.chartObserver.observe({ entryTypes: ['measure'] });`);
      for (let delta = 0; delta < DELTAS; delta += 1) {
        await panel.send(metricsMessage(stepPoints(step, size), false));
        step += size;
        await waitForPoints(panel, step - 1);
      }
      const samples = (await panel.page.evaluate<number[]>('window.chartUpdates')).sort((a, b) => a - b);
      const label = `chart update at ${String(Math.round(step / 1000))}k points, ${String(size)}-step deltas`;
      report(
        `${label}: median (${String(samples.length)} updates)`,
        percentile(samples, 0.5),
        'ms',
        '< 16 ms',
      );
      report(`${label}: p95`, percentile(samples, 0.95), 'ms');
    }
    const violations = await panel.cspViolations();
    if (violations.length > 0) console.log(`CSP violations: ${violations.join('; ')}`);
  } finally {
    await panel.close();
  }
}

async function waitForPoints(panel: PanelPage, count: number): Promise<void> {
  const expression = `document.querySelector('#chart-loss').getAttribute('data-points') === '${String(count)}'`;
  while (!(await panel.page.evaluate<boolean>(expression)))
    await new Promise((resolve) => setTimeout(resolve, 5));
}

if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'panel', 'webview.js'))) {
  const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
}
void (async () => {
  await firstRender();
  await chartUpdates();
})();
