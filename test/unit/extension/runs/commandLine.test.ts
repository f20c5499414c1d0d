import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCommandLine } from '../../../../src/extension/workbench/runs/commandLine';

describe('command lines as shown', () => {
  it('leaves plain parts as they are and quotes those with spaces or quotes', () => {
    assert.equal(
      formatCommandLine(['/usr/bin/node', '/ext/dist/cli.js', 'train', '--app-state', 'my runs/a.json', '']),
      '/usr/bin/node /ext/dist/cli.js train --app-state "my runs/a.json" ""',
    );
    assert.equal(formatCommandLine(['say', 'a "b"']), 'say "a \\"b\\""');
  });
});
