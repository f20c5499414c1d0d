import { randomBytes } from 'node:crypto';

// The panel's HTML page and its Content Security Policy (no vscode, so the webview tests serve this very
// page to a real browser). Scripts run only with the page's nonce; styles and fonts come only from the
// extension's own files (`cspSource`); nothing is remote. Lit's elements style themselves through
// adopted stylesheets and uPlot through the CSSOM, neither of which the policy blocks.

/** Files the page loads, relative to the extension folder; localResourceRoots allows only their folder. */
export const PANEL_ASSETS = {
  folder: 'dist/panel',
  script: 'dist/panel/webview.js',
  panelStyles: 'dist/panel/panel.css',
  chartStyles: 'dist/panel/uPlot.min.css',
  /** Beside codicon.ttf, which it loads; `vscode-icon` finds it by the link's id. */
  codiconStyles: 'dist/panel/codicon.css',
} as const;

export interface PanelPage {
  /** The webview's `cspSource`: the origin its own files are served from. */
  readonly cspSource: string;
  readonly nonce: string;
  /** URIs of PANEL_ASSETS, as the webview must load them. */
  readonly script: string;
  readonly panelStyles: string;
  readonly chartStyles: string;
  readonly codiconStyles: string;
}

export const createNonce = (): string => randomBytes(18).toString('base64url');

function panelContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // vscode-textarea draws its resize handle from a data: SVG in its own styles.
    `img-src ${cspSource} data:`,
    // No <base> to redirect the page's relative URLs, no form to post anywhere.
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

const escapeAttribute = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

export function panelHtml(page: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(panelContentSecurityPolicy(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(page.codiconStyles)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttribute(page.chartStyles)}">
<link rel="stylesheet" href="${escapeAttribute(page.panelStyles)}">
<title>Train Studio</title>
</head>
<body>
<main id="panel" aria-label="Training panel"></main>
<script nonce="${escapeAttribute(page.nonce)}" src="${escapeAttribute(page.script)}"></script>
</body>
</html>
`;
}

/**
 * A page with one sentence and no script, for a panel that cannot show its subject (after a reload, the
 * file it showed is gone): it runs nothing and loads nothing, not even a style (VS Code's default body style
 * applies).
 */
export function panelMessageHtml(message: string): string {
  const text = escapeAttribute(message).replaceAll('>', '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; base-uri 'none'; form-action 'none'">
<title>Train Studio</title>
</head>
<body>
<p role="alert">${text}</p>
</body>
</html>
`;
}
