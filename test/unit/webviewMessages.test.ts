import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostToWebview, parseWebviewToHost } from '../../src/core/webviewMessages';

describe('webview message protocol', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.deepEqual(parseWebviewToHost({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    const hostInfo = { type: 'hostInfo', extensionVersion: '0.1.0' };
    assert.deepEqual(parseHostToWebview(hostInfo), { ok: true, message: hostInfo });
  });

  it('rejects unknown types and wrong fields with a message that names the field', () => {
    const unknown = parseWebviewToHost({ type: 'rm -rf' });
    assert.equal(unknown.ok, false);
    const wrongField = parseHostToWebview({ type: 'hostInfo', extensionVersion: 3 });
    assert.ok(!wrongField.ok);
    assert.match(wrongField.error, /at 'extensionVersion'/);
    assert.equal(parseWebviewToHost('ready').ok, false);
  });
});
