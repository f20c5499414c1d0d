import path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../browser';

/** Generous per-step wait: other jobs may share this machine's few cores. */
export const STEP_TIMEOUT_MS = 30_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The built-in colour themes the UI tests show, by their label in "Preferences: Color Theme" (their
 * settings id is "Default <label>"), with the class VS Code gives the workbench and a webview's body for each.
 */
export const THEMES = {
  light: { label: 'Light Modern', workbenchClass: 'vs', webviewBodyClass: 'vscode-light' },
  dark: { label: 'Dark Modern', workbenchClass: 'vs-dark', webviewBodyClass: 'vscode-dark' },
  highContrast: {
    label: 'Dark High Contrast',
    workbenchClass: 'hc-black',
    webviewBodyClass: 'vscode-high-contrast',
  },
} as const;
export type ThemeName = keyof typeof THEMES;

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
    await (await this.paletteRow(label)).click();
  }

  /**
   * Opens the palette (F1) filtered to `label` and returns the row whose label starts with exactly `label`,
   * once it shows: clicking it runs the command (a test times what the command does from there).
   */
  async paletteRow(label: string): Promise<Locator> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    // Fuzzy matching may rank another command first, so the first row is not necessarily the one asked for.
    const row = this.page
      .locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(label)}`) })
      .first();
    await row.waitFor();
    return row;
  }

  /**
   * Switches the colour theme from "Preferences: Color Theme". A webview follows a moment later: wait for
   * its body's class (THEMES) before looking at it.
   */
  async setColorTheme(theme: ThemeName): Promise<void> {
    const { label, workbenchClass } = THEMES[theme];
    await this.palette('Preferences: Color Theme');
    await this.quickPick(label);
    await this.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
  }

  /** The iframe of the webview the editor area shows (VS Code keeps hidden webviews' iframes, hidden). */
  webviewIframe(): Locator {
    return this.page.locator('iframe.webview.ready:visible');
  }

  /**
   * The document of the webview the editor area shows. A webview is two iframes deep: VS Code's host frame
   * (`iframe.webview`), and in it the extension's page (`#active-frame`).
   */
  webview(): FrameLocator {
    return this.webviewIframe().contentFrame().locator('#active-frame').contentFrame();
  }

  /**
   * Picks the row of the open quick input (a command's pick, a task list) whose label is exactly `label`,
   * waiting up to `timeoutMs` for it to show.
   */
  async quickPick(label: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    // The palette's widget stays in the page, hidden, when a command opens a pick of its own.
    const rows = this.page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row');
    const name = this.page.locator('.monaco-icon-name-container').getByText(label, { exact: true });
    await rows.filter({ has: name }).first().click({ timeout: timeoutMs });
  }

  /**
   * "Tasks: Run Task", then the provider's task type, then its task (`<type>: <task name>`). The first pick
   * waits up to `timeoutMs`: VS Code first activates every extension that provides tasks, slow on a busy
   * machine.
   */
  async runTask(type: string, taskName: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await this.palette('Tasks: Run Task');
    await this.quickPick(type, timeoutMs);
    await this.quickPick(`${type}: ${taskName}`, timeoutMs);
  }

  /**
   * A row of the tree in the side bar, by text in it (its label or description). A container with one view
   * shows no view header, so the row is found in whatever the side bar shows.
   */
  sideBarRow(text: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row', { hasText: text });
  }

  /** Right-clicks `target` and returns the entry of its context menu titled `item`, once it shows. */
  async contextMenuItem(target: Locator, item: string): Promise<Locator> {
    await target.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: item, exact: true });
    await entry.waitFor();
    // Over a webview, the menu may ignore a click on an item the pointer has not been over yet (VS Code 1.100).
    await entry.hover();
    return entry;
  }

  /** Hides the panel at the bottom (terminal, output) when it shows, to give the editor the whole height. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.palette('View: Hide Panel');
    await panel.waitFor({ state: 'hidden' });
  }

  /** The text of the terminal shown in the panel (the DOM renderer's rows: GPU acceleration is off). */
  terminalText(): Locator {
    return this.page.locator('.part.panel .terminal-wrapper.active .xterm-rows');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(this.screenshotDir, name) });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
