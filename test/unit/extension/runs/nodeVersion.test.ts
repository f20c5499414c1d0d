import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSupportedNode, parseNodeVersion } from '../../../../src/extension/workbench/runs/nodeVersion';

describe('the Node version the trainer needs', () => {
  it('reads what `node --version` prints, and nothing else', () => {
    assert.deepEqual(parseNodeVersion('v20.15.1\n'), { major: 20, minor: 15, patch: 1 });
    for (const text of ['20.15.1', 'Python 3.11.2', 'v20.15', ''])
      assert.equal(parseNodeVersion(text), undefined);
  });

  it('takes 20.15 and newer', () => {
    const supported = (text: string) => {
      const version = parseNodeVersion(text);
      assert.ok(version, text);
      return isSupportedNode(version);
    };
    for (const text of ['v20.15.0', 'v20.20.2', 'v21.0.0', 'v24.1.0'])
      assert.equal(supported(text), true, text);
    for (const text of ['v20.14.9', 'v18.20.0', 'v19.99.0']) assert.equal(supported(text), false, text);
  });
});
