import { chromium, type Browser } from 'playwright-core';
import { HOST_PROFILE } from './vscodeHost';

/** Debian's headless Chromium with the offline, root-safe flags of tools/vscode-host/profile.json. */
export function launchChromium(): Promise<Browser> {
  const { executablePath, args } = HOST_PROFILE.chromium;
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? executablePath,
    headless: true,
    args: [...args],
  });
}
