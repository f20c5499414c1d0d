import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpeedTestReport } from '../../../../src/core/schemas';
import { renderReport, REPORT_CSP } from '../../../../src/trainapp/evaluation/report';
import type { ReportData } from '../../../../src/trainapp/evaluation/report';
import { speedTestTable } from '../../../../src/trainapp/speedTest/table';
import { classificationData, detectionData, HOSTILE_CLASS, IMAGE_URI, SPEED_TEST } from './sampleData';

// The report page rendered from hand-made data: what each section shows, why it shows nothing when its part
// does not apply, and that the page is self-contained and shows the user's text without running it.

const count = (html: string, text: string) => html.split(text).length - 1;

/** The section's HTML, between its opening tag and the next section. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  assert.ok(start >= 0, `no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

/** The text of a table cell holding exactly `value`. */
const cell = (value: string) => `>${value}</td>`;

function assertSelfContained(html: string): void {
  assert.ok(!/https?:\/\//i.test(html), 'no http(s) URL');
  assert.ok(!/<script/i.test(html), 'no script');
  assert.ok(!/<link\b/i.test(html), 'no linked style sheet');
  assert.ok(!/@import|url\(/i.test(html), 'no CSS that loads anything');
  assert.ok(
    html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`),
    'the CSP meta tag',
  );
  assert.equal(REPORT_CSP, "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  for (const match of html.matchAll(/<img\b[^>]*>/g)) {
    assert.match(match[0], /\ssrc="data:image\/jpeg;base64,[A-Za-z0-9+/=]+"/, match[0]);
    assert.match(match[0], /\salt="[^"]+"/, 'every image has an alt text');
  }
}

describe('the evaluation report page', () => {
  it('shows a classification evaluation: headline metrics primary first, per-class table, matrix, calibration', () => {
    const html = renderReport(classificationData());
    assertSelfContained(html);
    assert.match(html, /<title>Evaluation of shapes run<\/title>/);
    for (const fact of [
      'Classifier-S',
      'best.json',
      'classification',
      '>8<',
      'wasm',
      '2026-01-02 10:00 UTC',
    ]) {
      assert.ok(sectionOrHeader(html).includes(fact), fact);
    }

    const metrics = sectionOf(html, 'metrics');
    const names = [...metrics.matchAll(/<th scope="row">([a-z_0-9]+)/g)].map((match) => match[1]);
    assert.deepEqual(names, [
      'accuracy',
      'precision',
      'recall',
      'f1',
      'expected_calibration_error',
      'maximum_calibration_error',
    ]);
    assert.match(metrics, /accuracy <span class="badge">primary<\/span><\/th><td>0\.7500<\/td>/);

    const classes = sectionOf(html, 'classes');
    for (const header of ['precision', 'recall', 'f1', 'support'])
      assert.ok(classes.includes(`<th scope="col">${header}</th>`));
    assert.ok(classes.includes('<td>0.6250</td><td>1.0000</td><td>0.7692</td><td>5</td>'));
    assert.equal(count(classes, '<rect class="bar"'), 2, 'a bar per class');
    assert.match(classes, /<title id="bars-t">Per-class f1, from 0 to 1<\/title>/);

    const confusion = sectionOf(html, 'confusion');
    assert.ok(confusion.includes('>predicted</th>') && confusion.includes('>truth</th>'), 'labelled axes');
    for (const value of ['5', '2', '1']) assert.ok(confusion.includes(cell(value)), `count ${value}`);
    assert.equal(count(confusion.slice(confusion.indexOf('<tbody>')), '<td'), 4, 'one cell per count');
    // Row-normalised: 5 of 5 is the darkest, 2 of 3 darker than 1 of 3.
    assert.match(confusion, /rgba\(37, 99, 235, 0\.90\)" title="[^"]*">5</);
    assert.match(confusion, /rgba\(234, 88, 12, 0\.63\)" title="[^"]*">2</);
    assert.match(confusion, /rgba\(37, 99, 235, 0\.37\)" title="[^"]*">1</);

    const calibration = sectionOf(html, 'calibration');
    assert.match(calibration, /<line class="diagonal" x1="52\.0" y1="312\.0" x2="404\.0" y2="16\.0">/);
    assert.equal(count(calibration, '<rect class="bin"'), 2);
    assert.ok(
      calibration.includes('<dd>0.1234</dd>') && calibration.includes('<dd>0.4321</dd>'),
      'ECE and MCE',
    );

    const curves = sectionOf(html, 'pr-curves');
    assert.match(
      curves,
      /<p class="note">Not drawn for classification: PR curves are computed for detection only\.<\/p>/,
    );
    assert.ok(!curves.includes('<svg'), 'classification has no PR curves');
    assert.equal(count(sectionOf(html, 'worst'), '<img '), 2);
    // Headings, in order, for the contents list and screen readers.
    assert.deepEqual(
      [...html.matchAll(/<h2 id="[a-z-]+-title">([^<]+)<\/h2>/g)].map((match) => match[1]),
      [
        'Metrics',
        'Per class',
        'Precision-recall curves',
        'Confusion matrix',
        'Calibration',
        'Speed test',
        'Worst predictions',
      ],
    );
  });

  it('shows detection: mAP50 first, one PR curve path per class with ground truth, its legend, why no matrix', () => {
    const html = renderReport(detectionData(['square', 'triangle', 'empty']));
    assertSelfContained(html);
    const metrics = sectionOf(html, 'metrics');
    assert.deepEqual(
      [...metrics.matchAll(/<th scope="row">([A-Za-z_0-9]+)/g)].map((match) => match[1]),
      ['mAP50', 'mAP', 'AP50', 'AP75', 'f1_optimal_conf'],
    );
    const curves = sectionOf(html, 'pr-curves');
    const paths = [...curves.matchAll(/<path class="pr-curve"[^>]*d="([^"]+)"><title>([^<]+)<\/title>/g)];
    assert.deepEqual(
      paths.map((match) => match[2]),
      ['square · AP50 0.5000', 'triangle · AP50 0.5010'],
    );
    // Three points each, from recall 1/3 to 1: M, then two L.
    for (const [, d] of paths) assert.equal(d?.match(/[ML]/g)?.join(''), 'MLL');
    assert.ok(curves.includes('>recall</text>') && curves.includes('>precision</text>'), 'labelled axes');
    assert.ok(curves.includes('>0.0</text>') && curves.includes('>1.0</text>'), 'axes from 0 to 1');
    assert.equal(count(curves, '<li>'), 2, 'a legend entry per curve');
    assert.match(curves, /No ground truth, so no curve: empty\./);
    assert.ok(sectionOf(html, 'classes').includes('<th scope="col">AP50</th><th scope="col">AP</th>'));
    const confusion = sectionOf(html, 'confusion');
    assert.match(
      confusion,
      /<p class="note">Not computed for detection: boxes are matched to the truth per class, so class confusion is not measured\.<\/p>/,
    );
    assert.ok(!confusion.includes('<table'), 'detection has no confusion matrix');
    assert.ok(sectionOf(html, 'calibration').includes('10 detections'));
  });

  it('stays readable at 120 classes: every curve drawn, a legend of 12, the rest in grey', () => {
    const classes = Array.from({ length: 120 }, (_, index) => `class ${String(index)}`);
    const html = renderReport(detectionData(classes));
    const curves = sectionOf(html, 'pr-curves');
    assert.equal(count(curves, 'class="pr-curve'), 120);
    assert.equal(count(curves, 'class="pr-curve muted"'), 108);
    assert.equal(count(curves, '<li>'), 12);
    assert.match(curves, /108 more classes are drawn in grey/);
    assert.equal(count(sectionOf(html, 'classes'), '<rect class="bar"'), 120);
    assert.ok(sectionOf(html, 'classes').includes('<div class="scroll tall"><table'), 'the table scrolls');
  });

  it('shows the speed test when there is one, and how to run one when there is not', () => {
    const without = sectionOf(renderReport(classificationData()), 'speed');
    assert.match(
      without,
      /No speed test yet: run <code>train-studio benchmark \/work\/experiments\/shapes\/1_tfjs<\/code>/,
    );
    assert.ok(!without.includes('<table'));

    const speed = sectionOf(renderReport(classificationData({ speedTest: SPEED_TEST })), 'speed');
    for (const header of ['runtime', 'device', 'batch', 'median (ms)', 'p95 (ms)', 'images/s']) {
      assert.ok(speed.includes(`<th scope="col">${header}</th>`), header);
    }
    assert.ok(
      speed.includes(
        '<th scope="row">tfjs</th><td>wasm</td><td>8</td><td>41.3</td><td>52.5</td><td>193.9</td>',
      ),
    );
    assert.ok(
      speed.includes(
        '<th scope="row">onnxruntime</th><td>cpu</td><td>1</td><td>3.13</td><td>4.75</td><td>320.0</td>',
      ),
    );
    // Below a millisecond as the terminal table prints it: three digits, the same text in both.
    const fast: SpeedTestReport = {
      ...SPEED_TEST,
      measurements: [
        {
          runtime: 'onnxruntime',
          device: 'cuda',
          batch_size: 1,
          runs: 100,
          latency_ms: { median: 0.7333, p95: 0.81, mean: 0.74, min: 0.7 },
          throughput: 1363.6,
        },
      ],
    };
    const terminal = speedTestTable(fast).join('\n');
    assert.match(terminal, / 0\.733 +0\.810 +1363\.6$/m);
    assert.ok(
      sectionOf(renderReport(classificationData({ speedTest: fast })), 'speed').includes(
        '<th scope="row">onnxruntime</th><td>cuda</td><td>1</td><td>0.733</td><td>0.810</td><td>1363.6</td>',
      ),
    );
    assert.match(speed, /<li>tensorrt: no NVIDIA GPU<\/li>/);
    assert.match(speed, /best\.json at 224×224 pixels/);
  });

  it('escapes every text from the files: a class named as markup is shown, not run', () => {
    const html = renderReport(
      classificationData({
        experiment: { name: HOSTILE_CLASS, framework: 'tfjs', dir: `/x/${HOSTILE_CLASS}` },
        gallery: {
          criterion: `the ${HOSTILE_CLASS}`,
          items: [{ ref: `d/${HOSTILE_CLASS}`, note: HOSTILE_CLASS, score: 0, image: IMAGE_URI }],
        },
      }),
    );
    const withDetection = renderReport(detectionData([HOSTILE_CLASS, '"quoted" & \'single\'']));
    for (const page of [html, withDetection]) {
      assertSelfContained(page);
      assert.ok(!page.includes(HOSTILE_CLASS), 'the raw markup never appears');
    }
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    assert.ok(count(html, escaped) >= 8, 'in the title, header, tables, matrix, gallery');
    assert.equal(count(html, '<img '), 1, 'the gallery image is the only image');
    assert.ok(withDetection.includes('&quot;quoted&quot; &amp; &#39;single&#39;'));
    assert.ok(sectionOf(withDetection, 'pr-curves').includes(`<title>${escaped} · AP50 0.5000</title>`));
  });

  it('leaves out a section whose file is missing, with a short note', () => {
    const data: ReportData = {
      ...classificationData(),
      confusion: undefined,
      calibration: undefined,
      gallery: undefined,
    };
    const html = renderReport(data);
    assertSelfContained(html);
    assert.match(
      sectionOf(html, 'confusion'),
      /No matrix: evaluation\/confusion_matrix\.json is missing or could not be read\./,
    );
    assert.match(sectionOf(html, 'calibration'), /No diagram: evaluation\/calibration\.json is missing/);
    assert.match(sectionOf(html, 'worst'), /No gallery: evaluation\/worst_predictions\.json is missing/);
    assert.equal(count(html, '<svg'), 1, 'only the per-class chart is left');
    assert.match(
      sectionOf(renderReport(detectionData(['a'], { prCurves: undefined })), 'pr-curves'),
      /No curves: evaluation\/pr_curves\.json is missing/,
    );
  });

  it('shows segmentation without PR curves or calibration, saying why, the background first in its tables', () => {
    const html = renderReport(
      classificationData({
        metrics: {
          ...classificationData().metrics,
          task: 'semantic segmentation',
          metrics: { mIoU: 0.5, pixel_accuracy: 0.9 },
          perClass: [
            { className: 'background', metrics: { IoU: 0.8, pixels: 100 } },
            { className: 'lemon', metrics: { pixels: 0 } },
          ],
        },
        confusion: {
          unit: 'pixels',
          labels: ['background', 'lemon'],
          counts: [
            [90, 10],
            [0, 0],
          ],
        },
        calibration: undefined,
      }),
    );
    assert.match(
      sectionOf(html, 'pr-curves'),
      /Not drawn for semantic segmentation: PR curves are computed for detection only\./,
    );
    assert.match(
      sectionOf(html, 'calibration'),
      /Not measured for semantic segmentation: calibration is computed for classification and detection only\./,
    );
    assert.equal(count(html, '<svg'), 1, 'only the per-class chart: no curves, no diagram');
    assert.match(sectionOf(html, 'metrics'), /mIoU <span class="badge">primary<\/span>/);
    assert.ok(
      sectionOf(html, 'classes').includes('<th scope="row">lemon</th><td>-</td>'),
      'no IoU for lemon',
    );
    assert.match(sectionOf(html, 'classes'), /lemon: IoU no value/);
    assert.match(sectionOf(html, 'confusion'), /each cell counts pixels/);
    assert.ok(sectionOf(html, 'confusion').includes('<td class="zero">0</td>'));
  });

  it('shows a gallery image whose file is gone as its note alone', () => {
    const html = renderReport(
      classificationData({
        gallery: {
          criterion: 'c',
          items: [{ ref: 'a/1.png', note: 'truth circle, predicted square (0.9)', score: 0.1 }],
        },
      }),
    );
    const worst = sectionOf(html, 'worst');
    assert.equal(count(worst, '<img '), 0);
    assert.match(worst, /image missing/);
    assert.match(worst, /truth circle, predicted square \(0\.9\)/);
  });
});

/** The header and everything before the first section: where the facts are. */
function sectionOrHeader(html: string): string {
  return html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
}
