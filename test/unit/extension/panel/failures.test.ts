import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebviewToHostMessage } from '../../../../src/core/panel/messages';
import { errorText, REQUEST_LABELS, reportOf } from '../../../../src/extension/workbench/panel/failures';
import { UserError } from '../../../../src/extension/workbench/userError';

describe('a panel failure', () => {
  it('of a problem the user can fix: a warning with the message and hint, no stack', () => {
    const report = reportOf('Fine-tune', new UserError('No checkpoint x.', 'Pick one the card lists.'));
    assert.deepEqual(report, {
      level: 'warn',
      line: 'Fine-tune: No checkpoint x. Pick one the card lists.',
      notice: 'Fine-tune failed: No checkpoint x. Pick one the card lists.',
    });
  });

  it('of an error carrying a hint (the trainapp’s) counts as the user’s problem', () => {
    const error = Object.assign(new Error('Bad folder.'), { hint: 'Fix it.' });
    assert.equal(reportOf('Compare', error).level, 'warn');
    assert.equal(errorText(error), 'Bad folder. Fix it.');
  });

  it('of a bug: an error with the stack in the output, the message alone on the page', () => {
    const error = new TypeError('x is undefined');
    const report = reportOf('Updating the panel', error);
    assert.equal(report.level, 'error');
    assert.match(report.line, /^Updating the panel: TypeError: x is undefined\n\s+at /);
    assert.equal(report.notice, 'Updating the panel failed: x is undefined');
  });

  it('of something thrown that is not an Error', () => {
    assert.deepEqual(reportOf('Stop', 'gone'), {
      level: 'error',
      line: 'Stop: gone',
      notice: 'Stop failed: gone',
    });
  });

  it('of a page request: named by what it does, not by the message type', () => {
    const requests = WebviewToHostMessage.options
      .map((option) => option.shape.type.value)
      .filter((type) => type !== 'ready');
    assert.deepEqual(Object.keys(REQUEST_LABELS).sort(), [...requests].sort(), 'one label per request');
    for (const type of requests) {
      const label = REQUEST_LABELS[type];
      assert.doesNotMatch(label, new RegExp(`^${type}$`, 'i'), `${type} has a label of its own`);
      assert.match(label, /^[A-Z][a-z-]+( [a-z-]+)*$/, `${label} reads as words`);
    }
    assert.equal(
      reportOf(
        REQUEST_LABELS.openHyperparameters,
        new UserError('x.json does not exist any more.', 'Restore it.'),
      ).notice,
      'Opening the hyperparameters failed: x.json does not exist any more. Restore it.',
    );
  });
});
