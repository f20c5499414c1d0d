import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_CONFIG_TEXT_LENGTH,
  completionsAt,
  decodeConfigBytes,
  hoverAt,
  kindFromFileName,
  parseConfig,
  rangeOf,
  suggestClosest,
  validateConfig,
} from '../../../src/core/config';
import { LineIndex } from '../../../src/core/config/position';
import { CONFIG_KINDS, CONFIG_KIND_VALUES } from '../../../src/core/names';
import { formatFinding } from './support';

// The public API's contract beyond the golden files: file kinds, decoding, ranges by path, parsed
// values, the hyperparameters owner option, and never throwing, whatever the text.

const codes = (
  kind: (typeof CONFIG_KIND_VALUES)[number],
  text: string,
  owner?: 'builtin' | 'foreign' | 'auto',
) =>
  validateConfig(parseConfig(kind, text), { hyperparameters: owner }).findings.map((finding) => finding.code);

describe('kindFromFileName', () => {
  it('knows the config file names, by base name and case-sensitively', () => {
    assert.equal(kindFromFileName('models.json'), CONFIG_KINDS.models);
    assert.equal(kindFromFileName('app_options.yaml'), CONFIG_KINDS.appOptions);
    assert.equal(kindFromFileName('app_options.yml'), CONFIG_KINDS.appOptions);
    assert.equal(kindFromFileName('hyperparameters.yaml'), CONFIG_KINDS.hyperparameters);
    assert.equal(kindFromFileName('hyperparameters_small.yml'), CONFIG_KINDS.hyperparameters);
    assert.equal(kindFromFileName('app_state.json'), CONFIG_KINDS.appState);
    assert.equal(kindFromFileName('experiment_info.json'), CONFIG_KINDS.experimentInfo);
    assert.equal(kindFromFileName('frameworks/tfjs/models.json'), CONFIG_KINDS.models);
    assert.equal(kindFromFileName('C:\\work\\app_state.json'), CONFIG_KINDS.appState);
    for (const other of [
      'Models.json',
      'models.yaml',
      'app_state.json.bak',
      'my_hyperparameters.yaml',
      'meta.json',
    ]) {
      assert.equal(kindFromFileName(other), undefined, other);
    }
  });
});

describe('decodeConfigBytes', () => {
  const bytes = (...values: number[]) => new Uint8Array(values);

  it('decodes UTF-8, dropping a byte-order mark', () => {
    assert.deepEqual(decodeConfigBytes(new TextEncoder().encode('a: é\n')), { ok: true, text: 'a: é\n' });
    assert.deepEqual(decodeConfigBytes(bytes(0xef, 0xbb, 0xbf, 0x61)), { ok: true, text: 'a' });
  });

  it('puts a whole-file finding at the start, saying where the first byte that is not UTF-8 is', () => {
    const decoded = decodeConfigBytes(bytes(0x61, 0x0a, 0x62, 0x3a, 0x20, 0xe9, 0x0a));
    assert.ok(!decoded.ok);
    assert.equal(
      formatFinding(decoded.finding),
      '1:1-1:1 error not-utf8 This file is not valid UTF-8 (the first bad byte is at line 2, column 4). Re-save it with the UTF-8 encoding (in VS Code: Save with Encoding → UTF-8).',
    );
  });

  it('calls bytes with NUL binary, and UTF-16 by its name', () => {
    const binary = decodeConfigBytes(bytes(0x61, 0x00, 0xff));
    assert.equal(binary.ok ? undefined : binary.finding.code, 'binary');
    const utf16 = decodeConfigBytes(bytes(0xff, 0xfe, 0x61, 0x00));
    assert.match(utf16.ok ? '' : utf16.finding.message, /UTF-16/);
  });
});

describe('parseConfig and validateConfig', () => {
  it('point at the character in text that an editor decoded: NUL, or U+FFFD for bytes that were not UTF-8', () => {
    assert.deepEqual(
      validateConfig(parseConfig(CONFIG_KINDS.models, '[1,\n 2\u0000]')).findings.map(formatFinding),
      [
        '2:3-2:4 error binary This file contains NUL characters, so it is binary data rather than a text config file; it was not checked.',
      ],
    );
    const replaced = validateConfig(
      parseConfig(CONFIG_KINDS.appOptions, 'demo:\n  path: caf\uFFFD\n'),
    ).findings;
    assert.deepEqual(
      replaced.map(formatFinding).map((line) => line.slice(0, 22)),
      ['2:12-2:13 error not-ut'],
    );
  });

  it('give the plain data, and zod’s parsed data with defaults when there is no error', () => {
    const document = parseConfig(CONFIG_KINDS.hyperparameters, 'epochs: 3\noptimizer: {lr: 0.5}\n');
    assert.deepEqual(document.value, { epochs: 3, optimizer: { lr: 0.5 } });
    const { value } = validateConfig(document);
    assert.equal((value as { batch_size: number }).batch_size, 16);
    assert.equal((value as { optimizer: { type: string } }).optimizer.type, 'AdamW');
    assert.equal(validateConfig(parseConfig(CONFIG_KINDS.hyperparameters, 'epochs: 0\n')).value, undefined);
  });

  it('resolve YAML aliases and merge keys in the data', () => {
    const document = parseConfig(
      CONFIG_KINDS.hyperparameters,
      'warmup: &w {steps: 5}\nema:\n  <<: *w\n  decay: 0.95\n',
    );
    assert.deepEqual(document.value, { warmup: { steps: 5 }, ema: { decay: 0.95, steps: 5 } });
  });

  it('read an empty YAML file as every default', () => {
    const { value, findings } = validateConfig(parseConfig(CONFIG_KINDS.appOptions, '# nothing\n'));
    assert.deepEqual(
      findings.map((finding) => finding.severity),
      ['information'],
    );
    assert.equal((value as { model_benchmark: boolean }).model_benchmark, true);
  });

  it('sort findings by position', () => {
    const { findings } = validateConfig(
      parseConfig(CONFIG_KINDS.hyperparameters, 'seed: -1\nepochs: 0\nepocs: 1\nbatch_size: 0\n'),
    );
    assert.deepEqual(
      findings.map((finding) => finding.range.start.line),
      [0, 1, 2, 3],
    );
  });
});

describe('whose hyperparameters', () => {
  const rtdetr = 'epoches: 72\nuse_amp: true\noptimizer:\n  type: AdamW\n';

  it('auto: another framework’s keys are information; a near miss of ours is our typo', () => {
    assert.deepEqual(codes(CONFIG_KINDS.hyperparameters, rtdetr), ['foreign-key', 'foreign-key']);
    assert.deepEqual(codes(CONFIG_KINDS.hyperparameters, 'epoches: 72\nbatch_size: 8\n'), ['unknown-key']);
  });

  it('the option decides over the file; a directive decides when the option is auto', () => {
    assert.deepEqual(codes(CONFIG_KINDS.hyperparameters, rtdetr, 'builtin'), ['unknown-key', 'unknown-key']);
    assert.deepEqual(codes(CONFIG_KINDS.hyperparameters, 'epochs: 0\n', 'foreign'), []);
    assert.deepEqual(
      codes(CONFIG_KINDS.hyperparameters, `# train-studio: framework=rtdetrv2\nepochs: 0\n`),
      [],
    );
    assert.deepEqual(codes(CONFIG_KINDS.hyperparameters, `# train-studio: framework=tfjs\n${rtdetr}`), [
      'unknown-key',
      'unknown-key',
    ]);
  });

  it('inside app_state: the framework field, unless the text has a directive', () => {
    const state = (framework: string, hyperparameters: string) =>
      `{"input": {"project": "p"}, "train_val_split": {"method": "random"}, "model": {"source": "Pretrained models", "model_name": "m"}${framework}, "hyperparameters": ${JSON.stringify(hyperparameters)}}`;
    assert.deepEqual(codes(CONFIG_KINDS.appState, state('', 'epoches: 1\nuse_amp: true\n')), [
      'unknown-key',
      'unknown-key',
    ]);
    assert.deepEqual(codes(CONFIG_KINDS.appState, state(', "framework": "tfjs"', 'use_amp: true\n')), [
      'unknown-key',
    ]);
    assert.deepEqual(codes(CONFIG_KINDS.appState, state(', "framework": "other"', 'use_amp: true\n')), [
      'foreign-key',
    ]);
    assert.deepEqual(
      codes(
        CONFIG_KINDS.appState,
        state(', "framework": "other"', '# train-studio: framework=tfjs\nuse_amp: 1\n'),
      ),
      ['unknown-key'],
    );
  });
});

describe('rangeOf', () => {
  it('finds keys and values by path in both syntaxes', () => {
    const json = parseConfig(
      CONFIG_KINDS.appState,
      '{\n  "input": {"project": "data/x"},\n  "classes": ["a", "b"]\n}',
    );
    assert.deepEqual(rangeOf(json, ['input', 'project'], 'value'), {
      start: { line: 1, character: 23 },
      end: { line: 1, character: 31 },
    });
    assert.deepEqual(rangeOf(json, ['input', 'project'], 'key'), {
      start: { line: 1, character: 12 },
      end: { line: 1, character: 21 },
    });
    assert.deepEqual(rangeOf(json, ['classes', 1], 'value'), {
      start: { line: 2, character: 19 },
      end: { line: 2, character: 22 },
    });
    assert.equal(rangeOf(json, ['classes', 2], 'value'), undefined);
    const yaml = parseConfig(CONFIG_KINDS.appOptions, 'demo:\n  path: demo/\n');
    assert.deepEqual(rangeOf(yaml, ['demo', 'path'], 'value'), {
      start: { line: 1, character: 8 },
      end: { line: 1, character: 13 },
    });
  });
});

describe('LineIndex', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks, in UTF-16 units', () => {
    const lines = new LineIndex('a\r\nb\rc\n😀d');
    assert.deepEqual(lines.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(5), { line: 2, character: 0 });
    assert.deepEqual(lines.positionAt(9), { line: 3, character: 2 });
    assert.equal(lines.offsetAt({ line: 3, character: 2 }), 9);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 1);
    assert.equal(lines.lineText(0), 'a');
  });
});

describe('suggestClosest', () => {
  it('suggests near misses by edit distance, swaps included, and nothing far off', () => {
    assert.equal(suggestClosest('lr_schedular', ['lr_scheduler', 'seed']), 'lr_scheduler');
    assert.equal(suggestClosest('btach_size', ['batch_size']), 'batch_size');
    assert.equal(suggestClosest('EPOCHS', ['epochs']), 'epochs');
    assert.equal(suggestClosest('batch', ['batch_size']), undefined);
    assert.equal(suggestClosest('imgsz', ['input_size', 'seed']), undefined);
  });
});

describe('robustness', () => {
  it('skips text over the limit with one information finding', () => {
    const text = `a: ${'x'.repeat(MAX_CONFIG_TEXT_LENGTH)}`;
    assert.deepEqual(codes(CONFIG_KINDS.appOptions, text), ['too-large']);
    assert.equal(
      validateConfig(parseConfig(CONFIG_KINDS.appOptions, text)).findings[0]?.severity,
      'information',
    );
    assert.notDeepEqual(codes(CONFIG_KINDS.appOptions, `a: ${'x'.repeat(MAX_CONFIG_TEXT_LENGTH - 4)}`), [
      'too-large',
    ]);
  });

  it('never throws on random text, at any position', () => {
    // A fixed linear congruential sequence, so that a failure repeats.
    let state = 12345;
    const next = (limit: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % limit;
    };
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      "'",
      '\\',
      '\n',
      ' ',
      '  ',
      '-',
      '#',
      '&a',
      '*a',
      '<<',
      'a',
      '1',
      'epochs',
      'method',
      'tags',
      '\t',
      'null',
      '\u00e9',
      '---',
      '|',
      '?',
    ];
    for (let round = 0; round < 400; round += 1) {
      const text = Array.from({ length: next(40) }, () => alphabet[next(alphabet.length)]).join('');
      for (const kind of CONFIG_KIND_VALUES) {
        const document = parseConfig(kind, text);
        validateConfig(document);
        const line = next(4);
        const position = { line, character: next(12) };
        hoverAt(document, position);
        completionsAt(document, position);
      }
    }
  });
});
