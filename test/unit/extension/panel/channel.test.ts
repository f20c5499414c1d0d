import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostToWebviewMessage } from '../../../../src/core/panel/messages';
import { PanelChannel } from '../../../../src/extension/workbench/panel/channel';
import type { RequestMessage } from '../../../../src/extension/workbench/panel/channel';

function channelWithRecorders(
  post: (message: HostToWebviewMessage) => PromiseLike<unknown> | undefined = () => undefined,
) {
  const posted: HostToWebviewMessage[] = [];
  const warnings: string[] = [];
  const readies: boolean[] = [];
  const requests: RequestMessage[] = [];
  const channel = new PanelChannel({
    post: (message) => {
      posted.push(message);
      return post(message);
    },
    warn: (line) => warnings.push(line),
    onReady: (reload) => readies.push(reload),
    onRequest: (message) => requests.push(message),
  });
  return { channel, posted, warnings, readies, requests };
}

const notice = (message: string): HostToWebviewMessage => ({ type: 'notice', level: 'info', message });

describe('the panel’s message channel (host end)', () => {
  it('queues what is sent before `ready`, then sends it in order, then sends at once', () => {
    const { channel, posted, readies } = channelWithRecorders();
    channel.send(notice('one'));
    channel.send(notice('two'));
    assert.equal(channel.ready, false);
    assert.deepEqual(posted, []);
    channel.receive({ type: 'ready' });
    assert.equal(channel.ready, true);
    assert.deepEqual(posted, [notice('one'), notice('two')]);
    assert.deepEqual(readies, [false]);
    channel.send(notice('three'));
    assert.deepEqual(posted.slice(-1), [notice('three')]);
  });

  it('accepts only the protocol’s messages, at compile time', () => {
    const { channel } = channelWithRecorders();
    // @ts-expect-error: not a HostToWebviewMessage
    channel.send({ type: 'notice', level: 'fatal', message: 'x' });
    // @ts-expect-error: not a HostToWebviewMessage
    channel.send({ type: 'readFile', path: '/etc/passwd' });
    assert.equal(channel.ready, false);
  });

  it('treats a second `ready` as a reload that asks for everything again', () => {
    const { channel, readies } = channelWithRecorders();
    channel.receive({ type: 'ready' });
    channel.receive({ type: 'ready' });
    assert.deepEqual(readies, [false, true]);
  });

  it('hands on valid requests, parsed', () => {
    const { channel, requests } = channelWithRecorders();
    channel.receive({ type: 'edit', edit: { field: 'classes', value: ['circle'] } });
    channel.receive({ type: 'compare', dirs: ['/ws/experiments/a/1_tfjs'] });
    assert.deepEqual(requests, [
      { type: 'edit', edit: { field: 'classes', value: ['circle'] } },
      { type: 'compare', dirs: ['/ws/experiments/a/1_tfjs'] },
    ]);
  });

  it('drops and logs invalid messages, with the reason, and never acts on them', () => {
    const { channel, requests, readies, warnings } = channelWithRecorders();
    const invalid: unknown[] = [
      { type: 'delete', path: '/' },
      { type: 'openFile' },
      { type: 'openFile', path: '' },
      { type: 'edit', edit: { field: 'split', value: { method: 'random', percent: 150 } } },
      { type: 'compare', dirs: Array.from({ length: 9 }, (_, index) => `/d${String(index)}`) },
      'ready',
      null,
      undefined,
      { type: 'ready ' },
    ];
    for (const raw of invalid) channel.receive(raw);
    assert.deepEqual(requests, []);
    assert.deepEqual(readies, []);
    assert.equal(warnings.length, invalid.length);
    assert.match(warnings[1] ?? '', /dropped a message from the page \(invalid message at 'path'/);
    assert.match(warnings[3] ?? '', /edit\.value\.percent/);
  });

  it('keeps a huge invalid message out of the log', () => {
    const { channel, warnings } = channelWithRecorders();
    channel.receive({ type: 'x', junk: 'a'.repeat(100_000) });
    const [warning = ''] = warnings;
    assert.ok(warning.length < 1000, `${String(warning.length)} characters`);
    assert.match(warning, /a…$/);
  });

  it('logs a message that cannot be sent (the panel is gone) instead of rejecting', async () => {
    const { channel, warnings } = channelWithRecorders(() =>
      Promise.reject(new Error('Webview is disposed')),
    );
    channel.receive({ type: 'ready' });
    channel.send(notice('late'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.match(warnings[0] ?? '', /could not send 'notice': Error: Webview is disposed/);
    const throwing = channelWithRecorders(() => {
      throw new Error('gone');
    });
    throwing.channel.receive({ type: 'ready' });
    throwing.channel.send(notice('late'));
    assert.match(throwing.warnings[0] ?? '', /could not send 'notice': Error: gone/);
  });
});
