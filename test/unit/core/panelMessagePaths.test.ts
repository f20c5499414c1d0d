import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePersistedState, parseWebviewToHost } from '../../../src/core/panel/messages';

// The paths a page may name must be absolute, on POSIX and on Windows: a relative one would be resolved
// against whatever folder the extension host runs in.

const opened = (path: string) => parseWebviewToHost({ type: 'openFile', path });

describe('the panel messages’ absolute paths', () => {
  it('accepts POSIX, Windows drive and UNC paths', () => {
    for (const path of [
      '/ws/app_state.json',
      '/',
      'C:\\ws\\app_state.json',
      'd:/ws/x.json',
      '\\\\server\\share\\x',
    ]) {
      assert.deepEqual(opened(path), { ok: true, message: { type: 'openFile', path } }, path);
    }
  });

  it('refuses relative paths, drive-relative ones and the empty string, naming the field', () => {
    for (const path of ['', 'app_state.json', './x', '../etc/passwd', 'C:x.json', 'C:', '\\x', '~/x']) {
      assert.deepEqual(
        opened(path),
        {
          ok: false,
          error: "invalid message at 'path': must be an absolute path (/…, C:\\… or \\\\server\\…)",
        },
        path,
      );
    }
  });

  it('checks the paths of every message and of the persisted state', () => {
    assert.equal(parseWebviewToHost({ type: 'compare', dirs: ['/runs/a', 'runs/b'] }).ok, false);
    assert.equal(parseWebviewToHost({ type: 'edit', edit: { field: 'project', value: 'data' } }).ok, false);
    assert.equal(parsePersistedState({ mode: 'edit', appStateFile: 'app_state.json' }).ok, false);
    assert.equal(parsePersistedState({ mode: 'edit', appStateFile: 'C:/ws/app_state.json' }).ok, true);
  });
});
