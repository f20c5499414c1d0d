import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { RunOptions } from '../../src/core/schemas/appState';
import { h } from '../controls/dom';
import { labelledField, setChoices } from '../controls/fields';
import { appOptionsOf, isReadOnly, setDisabled } from '../controls/session';
import type { CardContext } from './context';

// What happens around training: evaluation, exports, the cache, shape conversion, the head, the device.
// Options the framework cannot do (app_options) are not offered. Each change posts the whole RunOptions.

type Checkbox = HTMLElementTagNameMap['vscode-checkbox'];

/** "Automatic" in the device list: app_state.json's null, the fastest device available. */
const AUTOMATIC = '';

interface Toggle {
  readonly checkbox: Checkbox;
  readonly read: (options: RunOptions) => boolean;
  readonly write: (options: RunOptions, checked: boolean) => RunOptions;
}

type Access = Pick<Toggle, 'read' | 'write'>;
type FlagOf<Options> = { [Key in keyof Options]: Options[Key] extends boolean ? Key : never }[keyof Options];
type Group = 'model_benchmark' | 'export';

/** A top-level flag of RunOptions. */
const flag = (key: FlagOf<RunOptions>): Access => ({
  read: (options) => options[key],
  write: (options, checked) => ({ ...options, [key]: checked }),
});

/** A flag inside one of RunOptions' groups; the group's other flags are kept. */
const groupFlag = <G extends Group>(group: G, key: FlagOf<RunOptions[G]>): Access => ({
  // FlagOf admits only boolean keys, which TypeScript cannot see through the generic group.
  read: (options) => options[group][key] as boolean,
  write: (options, checked) => ({ ...options, [group]: { ...options[group], [key]: checked } }),
});

const toggle = (id: string, label: string, access: Access): Toggle => ({
  checkbox: h('vscode-checkbox', { id, label }),
  ...access,
});

const TOGGLES = {
  benchmark: toggle(
    'option-benchmark',
    'Evaluate the model on the val split when training ends',
    groupFlag('model_benchmark', 'enable'),
  ),
  speedTest: toggle(
    'option-speed-test',
    'Also measure inference speed',
    groupFlag('model_benchmark', 'speed_test'),
  ),
  onnx: toggle(
    'option-export-onnx',
    'Export the best checkpoint to ONNX',
    groupFlag('export', 'ONNXRuntime'),
  ),
  tensorrt: toggle(
    'option-export-tensorrt',
    'Build a TensorRT engine from the ONNX export (needs trtexec)',
    groupFlag('export', 'TensorRT'),
  ),
  cache: toggle(
    'option-cache',
    'Cache preprocessed images on disk while the data is unchanged',
    flag('cache_project'),
  ),
  convertShapes: toggle(
    'option-convert-shapes',
    'Convert class shapes to fit the model’s task (such as polygons to boxes)',
    flag('convert_class_shapes'),
  ),
  reinitializeHead: toggle(
    'option-reinitialize-head',
    'Start the class head afresh when the checkpoint’s classes differ from the selected ones',
    flag('reinitialize_head'),
  ),
};

export function createOptionsCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const toggles = Object.values(TOGGLES);
  const device = h('vscode-single-select', { id: 'option-device' });
  const deviceField = labelledField('Device', device);
  frame.body.append(
    h('div', { class: 'options' }, ...toggles.map(({ checkbox }) => checkbox)),
    deviceField.root,
  );

  const postOptions = (change: (options: RunOptions) => RunOptions): void => {
    const session = store.latest('session')?.session;
    if (session === undefined) return;
    post({ type: 'edit', edit: { field: 'options', value: change(session.settings.options) } });
  };
  for (const { checkbox, write } of toggles) {
    checkbox.addEventListener('change', () => {
      postOptions((options) => write(options, checkbox.checked));
    });
  }
  device.addEventListener('change', () => {
    postOptions((options) => ({ ...options, device: device.value === AUTOMATIC ? null : device.value }));
  });

  store.follow('session', ({ session }) => {
    const { options } = session.settings;
    const appOptions = appOptionsOf(session);
    for (const { checkbox, read } of toggles) checkbox.checked = read(options);
    TOGGLES.benchmark.checkbox.hidden = !appOptions.model_benchmark;
    TOGGLES.speedTest.checkbox.hidden = !appOptions.model_benchmark;
    TOGGLES.onnx.checkbox.hidden = !appOptions.export_onnx_supported;
    TOGGLES.tensorrt.checkbox.hidden = !appOptions.export_tensorrt_supported;
    deviceField.root.hidden = !appOptions.device_selector;
    const devices = session.framework?.devices ?? [];
    setChoices(
      device,
      [{ value: AUTOMATIC, label: 'Automatic' }, ...devices.map((name) => ({ value: name, label: name }))],
      [options.device ?? AUTOMATIC],
    );
    const readOnly = isReadOnly(session);
    setDisabled([...toggles.map(({ checkbox }) => checkbox), device], readOnly);
    TOGGLES.speedTest.checkbox.disabled = readOnly || !options.model_benchmark.enable;
  });
}
