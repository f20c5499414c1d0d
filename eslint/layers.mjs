// ESLint plugin that enforces the layer architecture of ../shared/DESIGN.md §2.
// Each layer may import only the layers listed for it; `vscode` and tfjs are each confined to one place.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Which layers each layer may import. Anything not listed here (scripts, tests) is unconstrained by layering. */
export const LAYER_IMPORTS = {
  core: [],
  data: ['core'],
  metrics: ['core'],
  engine: ['core', 'data', 'metrics'],
  trainapp: ['core', 'data', 'metrics', 'engine'],
  cli: ['core', 'data', 'metrics', 'engine', 'trainapp'],
  // The host starts trainers as processes; it never loads the engine (tfjs) or the CLI.
  extension: ['core', 'data', 'metrics', 'trainapp'],
  webview: ['core'],
};

/** Layers that must run anywhere (browser included), so they may not touch Node's built-in modules. */
const PURE_LAYERS = new Set(['core', 'metrics', 'webview']);

/** Where `vscode` may be imported: the extension layer, and the tests that run inside the extension host. */
const VSCODE_ALLOWED = ['src/extension/', 'test/integration/'];
// Tests and benchmarks of the engine drive tfjs directly to check it against the stock backends.
const TFJS_ALLOWED = ['src/engine/', 'test/unit/engine/', 'test/engine/', 'test/bench/'];

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The layer a project-relative path belongs to, or undefined outside the layered tree. */
export function layerOf(relativePath) {
  const parts = relativePath.split('/');
  if (parts[0] === 'webview') return 'webview';
  if (parts[0] === 'src' && parts.length > 2 && parts[1] in LAYER_IMPORTS) return parts[1];
  return undefined;
}

const isTfjs = (specifier) => specifier.startsWith('@tensorflow/');

function toProjectRelative(cwd, absolutePath) {
  return path.relative(cwd, absolutePath).split(path.sep).join('/');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports flowing down the Train Studio layers' },
    schema: [],
    messages: {
      upward:
        "Layer '{{from}}' may not import layer '{{to}}' ('{{specifier}}'). Allowed: {{allowed}}. Move the shared code down a layer.",
      vscode:
        "Only src/extension may import 'vscode'. Pass what you need in from the extension layer instead.",
      tfjs: "Only src/engine may import tfjs ('{{specifier}}'). Call the engine instead.",
      nodeBuiltin:
        "Layer '{{from}}' must stay pure TypeScript (no Node built-ins), but imports '{{specifier}}'. Move I/O to src/data or below the caller.",
    },
  },
  create(context) {
    const cwd = context.cwd;
    const filename = context.filename;
    const fileRelative = toProjectRelative(cwd, filename);
    const fromLayer = layerOf(fileRelative);
    const startsWithAny = (prefixes) => prefixes.some((prefix) => fileRelative.startsWith(prefix));

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier === 'vscode') {
        if (!startsWithAny(VSCODE_ALLOWED)) context.report({ node, messageId: 'vscode' });
        return;
      }
      if (isTfjs(specifier)) {
        if (!startsWithAny(TFJS_ALLOWED)) context.report({ node, messageId: 'tfjs', data: { specifier } });
        return;
      }
      if (fromLayer === undefined) return;
      if (NODE_BUILTINS.has(specifier)) {
        if (PURE_LAYERS.has(fromLayer))
          context.report({ node, messageId: 'nodeBuiltin', data: { from: fromLayer, specifier } });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = toProjectRelative(cwd, path.resolve(path.dirname(filename), specifier));
      const toLayer = layerOf(target);
      if (toLayer === undefined || toLayer === fromLayer) return;
      const allowed = LAYER_IMPORTS[fromLayer];
      if (!allowed.includes(toLayer)) {
        context.report({
          node,
          messageId: 'upward',
          data: { from: fromLayer, to: toLayer, specifier, allowed: allowed.join(', ') || 'none' },
        });
      }
    }

    const checkSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ImportExpression: (node) => {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference')
          check(node.moduleReference.expression, node.moduleReference.expression.value);
      },
      CallExpression: (node) => {
        const [argument] = node.arguments;
        const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require';
        if (isRequire && argument?.type === 'Literal') check(argument, argument.value);
      },
    };
  },
};

export default { meta: { name: 'train-studio-layers' }, rules: { layers: rule } };
