import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../browser';

/** Generous per-step wait: other jobs may share this machine's few cores. */
export const STEP_TIMEOUT_MS = 30_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The VS Code web workbench in headless Chromium, with the few gestures the UI tests need. */
export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** Opens `folder` in the workbench served at `url` and waits until the workbench has rendered. */
  static async open(url: string, folder: string, screenshotDir: string): Promise<Workbench> {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor();
      return new Workbench(browser, page, screenshotDir);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** The activity-bar entry of a view container, by its title. */
  activityBarItem(title: string): Locator {
    const label = `[aria-label^="${title}"]`;
    return this.page
      .locator(`.activitybar .action-item a${label}, .activitybar .action-label${label}`)
      .first();
  }

  /** Runs a command from the palette (F1), clicking the row whose label starts with exactly `label`. */
  async palette(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    // Fuzzy matching may rank another command first, so the first row is not necessarily the one asked for.
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      hasText: new RegExp(`^${escapeRegExp(label)}`),
    });
    await row.first().click();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(this.screenshotDir, name) });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
