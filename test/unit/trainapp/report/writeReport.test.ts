import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { TrainerEvent } from '../../../../src/core/events';
import { readExperimentInfo } from '../../../../src/trainapp/experiments';
import { writeEvaluationReport } from '../../../../src/trainapp/evaluation/report';
import { readReportData } from '../../../../src/trainapp/evaluation/report/reportData';
import { ExperimentSession } from '../../../../src/trainapp/run/experimentSession';

// writeEvaluationReport on experiment folders written by hand: it reports what evaluation/ holds, skips a
// damaged optional file with a warning, and records the page in experiment_info.json.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-report-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const METRICS = {
  checkpoint: 'best.json',
  task: 'classification',
  classes: ['circle', 'square'],
  metrics: { accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5, loss: 1 },
  perClass: [
    { className: 'circle', metrics: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 } },
    { className: 'square', metrics: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 } },
  ],
  images: 4,
  seconds: 0.5,
  backend: 'wasm',
  time: '2026-01-02T10:00:00.000Z',
};

let jpeg: Buffer;
before(async () => {
  jpeg = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
});

function worstList(image = 'evaluation/worst/01.jpg', checkpoint = 'best.json') {
  return {
    checkpoint,
    task: 'classification',
    criterion: 'probability given to the true class',
    items: [{ ref: 'ds/a.png', image, score: 0.1, note: 'truth circle, predicted square (0.90)' }],
  };
}

let runs = 0;
/** An experiment folder with `files` (relative path → JSON value, or text/bytes as they are). */
function experiment(files: Readonly<Record<string, unknown>>): string {
  const dir = path.join(root, `run-${String(++runs)}`);
  const all: Record<string, unknown> = {
    'experiment_info.json': {
      experiment_name: 'shapes',
      framework_name: 'tfjs',
      model_name: 'Classifier-S',
      task_type: 'classification',
      project: 'shapes',
      status: 'completed',
    },
    ...files,
  };
  for (const [relative, contents] of Object.entries(all)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data =
      typeof contents === 'string' || Buffer.isBuffer(contents) ? contents : JSON.stringify(contents);
    fs.writeFileSync(file, data);
  }
  return dir;
}

/** Runs writeEvaluationReport in a real session, with the warnings it logged. */
function report(dir: string): { file: string | undefined; warnings: string[]; html: string } {
  const events: TrainerEvent[] = [];
  const session = new ExperimentSession({
    experimentDir: dir,
    runId: 'r',
    tensorboard: false,
    onEvent: (event) => events.push(event),
  });
  let file: string | undefined;
  try {
    file = writeEvaluationReport(session);
  } finally {
    session.close();
  }
  const warnings = events.flatMap((event) =>
    event.type === 'log' && event.level === 'warning' ? [event.message] : [],
  );
  const page = path.join(dir, 'evaluation/report.html');
  return { file, warnings, html: fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : '' };
}

describe('writing evaluation/report.html', () => {
  it('writes the page from evaluation/, with the drawn images inside it, and records it', () => {
    const dir = experiment({
      'evaluation/metrics.json': METRICS,
      'evaluation/confusion_matrix.json': {
        unit: 'images',
        labels: ['circle', 'square'],
        counts: [
          [1, 1],
          [1, 1],
        ],
      },
      'evaluation/worst_predictions.json': worstList(),
      'evaluation/worst/01.jpg': jpeg,
    });
    const { file, warnings, html } = report(dir);
    assert.equal(file, 'evaluation/report.html');
    assert.deepEqual(warnings, []);
    assert.equal(readExperimentInfo(dir).evaluation_report, 'evaluation/report.html');
    assert.ok(html.includes(`<img src="data:image/jpeg;base64,${jpeg.toString('base64')}"`));
    assert.match(html, /truth circle, predicted square \(0\.90\)/);
    assert.match(html, /<section id="confusion"/);
    const relative = readReportData(path.relative(process.cwd(), dir), readExperimentInfo(dir), (line) => {
      assert.fail(line);
    });
    assert.ok(
      relative?.gallery?.items[0]?.image?.startsWith('data:image/jpeg;base64,'),
      'a relative folder too',
    );
    assert.deepEqual(fs.readdirSync(path.join(dir, 'evaluation')).sort(), [
      'confusion_matrix.json',
      'metrics.json',
      'report.html',
      'worst',
      'worst_predictions.json',
    ]);
  });

  it('writes nothing without a metrics.json, or with a damaged one', () => {
    for (const metrics of [undefined, '{ "checkpoint": ']) {
      const dir = experiment(metrics === undefined ? {} : { 'evaluation/metrics.json': metrics });
      const { file, warnings, html } = report(dir);
      assert.equal(file, undefined);
      assert.equal(html, '');
      assert.equal(readExperimentInfo(dir).evaluation_report, undefined);
      assert.equal(warnings.length, metrics === undefined ? 0 : 1);
    }
  });

  it('skips a damaged worst_predictions.json with a warning, and reports the rest', () => {
    const dir = experiment({
      'evaluation/metrics.json': METRICS,
      'evaluation/worst_predictions.json': '{ not json',
      'evaluation/worst/01.jpg': jpeg,
    });
    const { file, warnings, html } = report(dir);
    assert.equal(file, 'evaluation/report.html');
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /^evaluation\/worst_predictions\.json is damaged \(.+\); the report leaves it out\.$/,
    );
    assert.match(html, /No gallery: evaluation\/worst_predictions\.json is missing or could not be read/);
    assert.ok(!html.includes('<img'));
  });

  it('names the field of a file that does not match its format', () => {
    const dir = experiment({
      'evaluation/metrics.json': METRICS,
      'evaluation/confusion_matrix.json': {
        unit: 'images',
        labels: ['circle', 'square'],
        counts: [[1, 1], [1]],
      },
      'evaluation/calibration.json': { bins: 'none' },
    });
    const { warnings, html } = report(dir);
    assert.deepEqual(warnings, [
      'evaluation/confusion_matrix.json is damaged (counts.1: a row must have one count per label (2)); the report leaves it out.',
      'evaluation/calibration.json is damaged (bins: Invalid input: expected array, received string); the report leaves it out.',
    ]);
    assert.match(html, /No matrix/);
    assert.match(html, /No diagram/);
  });

  it('leaves out a gallery of another evaluation, and embeds no file from outside evaluation/worst/', () => {
    const other = experiment({
      'evaluation/metrics.json': METRICS,
      'evaluation/worst_predictions.json': worstList('evaluation/worst/01.jpg', 'last.json'),
      'evaluation/worst/01.jpg': jpeg,
    });
    const { warnings: otherWarnings, html: otherHtml } = report(other);
    assert.deepEqual(otherWarnings, [
      'evaluation/worst_predictions.json is of last.json, not of the evaluation of best.json; the report leaves it out.',
    ]);
    assert.ok(!otherHtml.includes('<img'));

    for (const image of ['secret.jpg', 'evaluation/worst/../../secret.jpg', 'evaluation/worst/not-a.jpg']) {
      const dir = experiment({
        'evaluation/metrics.json': METRICS,
        'evaluation/worst_predictions.json': worstList(image),
        'secret.jpg': jpeg,
        'evaluation/worst/not-a.jpg': 'plain text',
      });
      const { warnings, html } = report(dir);
      assert.deepEqual(warnings, [
        `The drawn image ${image} is missing or not a JPEG; the report shows its note only.`,
      ]);
      assert.ok(!html.includes('<img'), image);
      assert.match(html, /image missing/);
    }
  });
});
