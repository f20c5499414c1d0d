import { escapeHtml } from './html';
import type { ReportData } from './reportData';
import { calibrationSection } from './sections/calibration';
import { confusionSection } from './sections/confusion';
import { gallerySection } from './sections/gallery';
import { header } from './sections/header';
import { headlineSection, perClassSection } from './sections/metrics';
import { prCurvesSection } from './sections/prCurves';
import type { ReportSection } from './sections/section';
import { speedTestSection } from './sections/speedTest';
import { REPORT_CSS } from './style';

// The report as one HTML page, made from its data alone: no file or network access, no script. Everything
// it shows is inside it (styles inline, charts as inline SVG, images as data: URIs), and its Content
// Security Policy forbids loading anything else, so it reads the same offline, attached to a mail or opened
// years later.

/** Nothing may load but the page's own inline styles and data: images. */
export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const SECTIONS: readonly ReportSection[] = [
  headlineSection,
  perClassSection,
  prCurvesSection,
  confusionSection,
  calibrationSection,
  speedTestSection,
  gallerySection,
];

export function renderReport(data: ReportData): string {
  const sections = SECTIONS.map((section) => ({ ...section, body: section.body(data) }));
  const contents = sections
    .map(({ id, title }) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`)
    .join('');
  const main = sections
    .map(
      ({ id, title, body }) =>
        `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${escapeHtml(title)}</h2>${body}</section>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(`Evaluation of ${data.experiment.name}`)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(data),
    `<nav aria-label="Contents"><ul>${contents}</ul></nav>`,
    `<main>\n${main}\n</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
