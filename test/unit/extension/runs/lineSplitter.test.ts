import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../../../src/extension/workbench/runs/lineSplitter';

function split(chunks: readonly string[], end = true): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  if (end) splitter.end();
  return lines;
}

describe('line splitting of a child process stream', () => {
  it('joins a line cut across chunks, anywhere', () => {
    const line = '{"type":"epoch_started","epoch":1}';
    for (let cut = 0; cut <= line.length; cut++) {
      assert.deepEqual(split([line.slice(0, cut), line.slice(cut), '\n']), [line], `cut at ${String(cut)}`);
    }
  });

  it('gives every line of a chunk that holds several, in order', () => {
    assert.deepEqual(split(['a\nb\n', 'c\nd']), ['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines and drops the \\r of \\r\\n, even when \\r and \\n come in separate chunks', () => {
    assert.deepEqual(split(['one\r', '\n\ntwo\r\n']), ['one', '', 'two']);
  });

  it('holds a partial line until its newline or the end of the stream', () => {
    assert.deepEqual(split(['partial'], false), []);
    assert.deepEqual(split(['partial']), ['partial']);
    assert.deepEqual(split(['done\n']), ['done'], 'no empty line after a final newline');
  });

  it('keeps ANSI colours and non-ASCII text as they are', () => {
    assert.deepEqual(split(['\u001b[33mwarn: é\u001b[0m\n']), ['\u001b[33mwarn: é\u001b[0m']);
  });
});
