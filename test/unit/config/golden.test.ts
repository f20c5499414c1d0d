import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/core/config';
import { decodeConfigBytes, parseConfig, validateConfig } from '../../../src/core/config';
import { CONFIG_KIND_VALUES } from '../../../src/core/names';
import type { ConfigKind } from '../../../src/core/names';
import { REPO_ROOT } from '../../paths';
import { formatFinding } from './support';

// Golden tests: each input under golden/<kind>/ and the findings expected for it next to it, one line
// each (golden/README.md). Inputs too large or too odd to keep as files are built here, under
// golden/generated/. UPDATE_GOLDEN=1 rewrites the .findings files; read every changed one before
// committing it, since the committed files are the assertion.

const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'unit', 'config', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function findingsOf(kind: ConfigKind, bytes: Uint8Array): Finding[] {
  const decoded = decodeConfigBytes(bytes);
  if (!decoded.ok) return [decoded.finding];
  return validateConfig(parseConfig(kind, decoded.text)).findings;
}

function assertGolden(findingsFile: string, findings: readonly Finding[]): void {
  const actual = findings.map((finding) => `${formatFinding(finding)}\n`).join('');
  if (UPDATE) fs.writeFileSync(findingsFile, actual);
  const expected = fs.existsSync(findingsFile)
    ? fs.readFileSync(findingsFile, 'utf8')
    : '(no .findings file)';
  assert.equal(actual, expected, `${path.relative(REPO_ROOT, findingsFile)} differs`);
}

const nested = (open: string, close: string, depth: number): string =>
  open.repeat(depth) + close.repeat(depth);

/** Inputs built in memory: the kind, and the text. */
const GENERATED: Readonly<Record<string, readonly [ConfigKind, () => string]>> = {
  'too-large-50mb': ['hyperparameters', () => `# ${'x'.repeat(50_000_000)}\nepochs: 5\n`],
  'deep-100k-json': ['models', () => nested('[', ']', 100_000)],
  'deep-100k-json-objects': ['app_state', () => nested('{"a":', '}', 100_000).replace(/:}/, ':1}')],
  'deep-100k-yaml-flow': ['hyperparameters', () => `optimizer: ${nested('[', ']', 100_000)}\n`],
  'deep-100k-yaml-block': ['hyperparameters', () => `${'- '.repeat(100_000)}x\n`],
  'deep-101-json': ['app_state', () => `{"input": ${nested('[', ']', 100)}}`],
  'deep-100-json': ['app_state', () => `{"input": ${nested('[', ']', 99)}}`],
  'alias-expansion-yaml': [
    'hyperparameters',
    () =>
      [
        '# train-studio: framework=tfjs',
        'epochs: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
        ...Array.from(
          { length: 6 },
          (_, index) => `k${index + 1}: &a${index + 1} [${Array(10).fill(`*a${index}`).join(', ')}]`,
        ),
      ].join('\n'),
  ],
};

describe('config golden files', () => {
  for (const kind of CONFIG_KIND_VALUES) {
    const dir = path.join(GOLDEN_DIR, kind);
    const inputs = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((name) => /\.(json|ya?ml)$/.test(name))
          .sort()
      : [];
    describe(kind, () => {
      it('has golden cases', () => {
        assert.ok(inputs.length > 0, `no inputs in ${dir}`);
      });
      for (const input of inputs) {
        it(input, () => {
          const findingsFile = path.join(dir, input.replace(/\.[^.]+$/, '.findings'));
          assertGolden(findingsFile, findingsOf(kind, fs.readFileSync(path.join(dir, input))));
        });
      }
    });
  }

  describe('generated', () => {
    for (const [name, [kind, build]] of Object.entries(GENERATED)) {
      it(name, () => {
        const text = build();
        const start = process.hrtime.bigint();
        const findings = validateConfig(parseConfig(kind, text)).findings;
        const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
        assertGolden(path.join(GOLDEN_DIR, 'generated', `${name}.findings`), findings);
        // Hostile input is refused quickly, not worked through.
        assert.ok(elapsedMs < 5000, `${name} took ${elapsedMs.toFixed(0)} ms`);
      });
    }
  });
});
