import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CARD_IDS } from '../../src/core/panel/views';
import { openPanelPage, type PanelPage } from './harness';

// The page as a whole: the handshake, the message check, and the Content Security Policy.

describe('the panel page in a real browser', () => {
  let panel: PanelPage;

  before(async () => {
    panel = await openPanelPage();
  });

  after(async () => {
    await panel.close();
  });

  it('tells the host it is ready exactly once, before the host has sent anything', async () => {
    const posted = await panel.posted();
    assert.deepEqual(
      posted.filter((message) => message.type === 'ready'),
      [{ type: 'ready' }],
    );
  });

  it('shows every card in the reference order, each a region labelled by its heading', async () => {
    const cards = await panel.page.evaluate<[string, string | null][]>(
      `[...document.querySelectorAll('section.card')].map((s) => [s.id, s.getAttribute('aria-labelledby')])`,
    );
    assert.deepEqual(
      cards.map(([id]) => id),
      CARD_IDS.map((card) => `card-${card}`),
    );
    for (const [id, labelledBy] of cards) assert.equal(labelledBy, `${id}-title`);
  });

  it('drops a malformed message, says so on the console, and keeps the page as it was', async () => {
    const before = await panel.page.locator('#panel').innerHTML();
    const reported = panel.page.waitForEvent('console', {
      predicate: (message) => message.type() === 'error' && message.text().includes("at 'session"),
      timeout: 5000,
    });
    await panel.send({ type: 'session', session: { mode: 'edit' } });
    await reported;
    assert.equal(await panel.page.locator('#panel').innerHTML(), before);
  });

  it('loads its scripts, styles and font under the production policy without a violation', async () => {
    assert.deepEqual(await panel.cspViolations(), []);
  });
});
