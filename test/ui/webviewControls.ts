import type { Locator } from 'playwright-core';

// Gestures on the @vscode-elements controls of a webview, made as a user makes them. The controls draw
// themselves in open shadow roots, which Playwright's CSS locators enter.

/** A control's `value` property: what it holds now, which no attribute reflects. */
export function valueOf(control: Locator): Promise<string> {
  return control.evaluate((element) => String((element as unknown as { value: unknown }).value));
}

/** Picks the option whose value is `value` in a vscode-single-select: opens it, clicks the option. */
export async function chooseOption(select: Locator, value: string): Promise<void> {
  const values = await select
    .locator('vscode-option')
    .evaluateAll((options) =>
      options.map((option) => String((option as unknown as { value: unknown }).value)),
    );
  const index = values.indexOf(value);
  if (index < 0) throw new Error(`the select offers no ${value}, only: ${values.join(', ')}`);
  await select.locator('.select-face').click();
  await select.locator(`li.option[data-index="${String(index)}"]`).click();
}

/** Types `text` over what a vscode-textfield or vscode-textarea holds, and leaves it: that commits it. */
export async function typeInto(control: Locator, text: string): Promise<void> {
  const field = control.locator('input, textarea').first();
  await field.fill(text);
  await field.press('Tab');
}

export async function isChecked(checkbox: Locator): Promise<boolean> {
  return (await checkbox.getAttribute('checked')) !== null;
}
