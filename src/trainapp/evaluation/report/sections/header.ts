import { escapeHtml } from '../html';
import type { ReportData } from '../reportData';

// The page's title and where its numbers come from: experiment, model, checkpoint, task, images, backend
// and when.

/** ISO time as `2026-01-02 10:00 UTC`: the same for every reader, whatever their locale. */
function utcTime(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function header(data: ReportData): string {
  const { experiment, metrics } = data;
  const fields: [string, string | undefined][] = [
    ['Model', experiment.model],
    ['Framework', experiment.framework],
    ['Checkpoint', metrics.checkpoint],
    ['Task', metrics.task],
    ['Images', String(metrics.images)],
    ['Backend', metrics.backend],
    ['Evaluated', utcTime(metrics.time)],
    ['Took', `${metrics.seconds.toFixed(2)} s`],
  ];
  const list = fields
    .flatMap(([name, value]) =>
      value === undefined ? [] : [`<div><dt>${name}</dt><dd>${escapeHtml(value)}</dd></div>`],
    )
    .join('');
  return `<header><h1>Evaluation of ${escapeHtml(experiment.name)}</h1><dl class="facts">${list}</dl></header>`;
}
