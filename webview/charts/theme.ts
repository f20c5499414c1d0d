// Chart colours from VS Code's theme variables. A canvas cannot use CSS variables, so the values are read
// with getComputedStyle, and read again when VS Code switches theme (it changes the body's class:
// vscode-light, vscode-dark, vscode-high-contrast).

export interface ChartPalette {
  /** Line colours, one per series in turn. */
  readonly series: readonly string[];
  readonly text: string;
  readonly grid: string;
}

// The variables of VS Code's `charts.*` colours, with its dark theme's values for a page outside VS Code.
const SERIES_VARIABLES: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];

function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function chartPalette(): ChartPalette {
  const style = getComputedStyle(document.body);
  return {
    series: SERIES_VARIABLES.map(([name, fallback]) => variable(style, name, fallback)),
    text: variable(style, '--vscode-foreground', '#cccccc'),
    grid: variable(style, '--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
  };
}

const themeListeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/** Calls `listener` after every theme switch; one observer serves every chart. */
export function onThemeChange(listener: () => void): () => void {
  if (observer === undefined) {
    let themeClass = document.body.className;
    observer = new MutationObserver(() => {
      if (document.body.className === themeClass) return;
      themeClass = document.body.className;
      for (const each of themeListeners) each();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }
  themeListeners.add(listener);
  return () => themeListeners.delete(listener);
}
