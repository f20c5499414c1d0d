import * as vscode from 'vscode';
import { browseForFolder } from '../../pick/projects';
import type { InputStep, NewRunAnswers, Outcome, PickStep, StepSlot } from './steps';

// Shows the steps of a multi-step flow one at a time in VS Code's quick input, with the step number, a
// Back button and the step's own checks. Everything the steps decide lives in steps.ts.

type Shown = { readonly answers: NewRunAnswers } | 'back' | undefined;

interface Position {
  readonly step: number;
  readonly total: number;
}

interface Item extends vscode.QuickPickItem {
  readonly index?: number;
  readonly browse?: true;
}

function itemsOf(step: PickStep): Item[] {
  const items: Item[] = [];
  let group: string | undefined;
  step.choices.forEach((choice, index) => {
    if (choice.group !== undefined && choice.group !== group) {
      items.push({ label: choice.group, kind: vscode.QuickPickItemKind.Separator });
    }
    group = choice.group;
    items.push({
      label: choice.label,
      ...(choice.description === undefined ? {} : { description: choice.description }),
      ...(choice.detail === undefined ? {} : { detail: choice.detail }),
      picked: choice.picked ?? false,
      index,
    });
  });
  if (step.browse) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: `$(folder-opened) ${step.browse.label}`, browse: true, alwaysShow: true });
  }
  return items;
}

/** A step's refusal: in the input's placeholder, and as a notification for the longer messages. */
function showRefusal(pick: vscode.QuickPick<Item>, error: string): void {
  pick.value = '';
  pick.placeholder = `$(warning) ${error}`;
  void vscode.window.showWarningMessage(error);
}

function showPick(step: PickStep, position: Position): Promise<Shown> {
  return new Promise((resolve, reject) => {
    const pick = vscode.window.createQuickPick<Item>();
    const items = itemsOf(step);
    pick.title = step.title;
    pick.step = position.step;
    pick.totalSteps = position.total;
    pick.placeholder = step.placeholder;
    pick.canSelectMany = step.canPickMany;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    pick.items = items;
    const picked = items.filter((item) => item.picked);
    if (step.canPickMany) pick.selectedItems = picked;
    else if (picked[0]) pick.activeItems = [picked[0]];
    let browsing = false;
    let settled = false;
    const finish = (shown: Shown) => {
      if (settled) return;
      settled = true;
      resolve(shown);
      pick.dispose();
    };
    const settle = (outcome: Outcome) => {
      if ('error' in outcome) showRefusal(pick, outcome.error);
      else finish(outcome);
    };
    const accept = async () => {
      const chosen = step.canPickMany ? pick.selectedItems : pick.activeItems.slice(0, 1);
      if (chosen.some((item) => item.browse) && step.browse) {
        browsing = true;
        const dir = await browseForFolder(step.title);
        browsing = false;
        pick.show();
        if (dir !== undefined) settle(step.browse.accept(dir));
        return;
      }
      if (!step.canPickMany && chosen.length === 0) return;
      // Let the busy indicator paint before a step that reads a dataset.
      await new Promise((wait) => setTimeout(wait, 0));
      settle(step.accept(chosen.flatMap((item) => (item.index === undefined ? [] : [item.index]))));
    };
    pick.onDidTriggerButton(() => {
      finish('back');
    });
    pick.onDidHide(() => {
      if (!browsing) finish(undefined);
    });
    pick.onDidAccept(() => {
      pick.busy = true;
      pick.enabled = false;
      accept()
        .catch((error: unknown) => {
          settled = true;
          pick.dispose();
          reject(error instanceof Error ? error : new Error(String(error)));
        })
        .finally(() => {
          pick.busy = false;
          pick.enabled = true;
        });
    });
    pick.show();
  });
}

function showInput(step: InputStep, position: Position): Promise<Shown> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = step.title;
    input.step = position.step;
    input.totalSteps = position.total;
    input.prompt = step.prompt;
    input.value = step.value;
    input.ignoreFocusOut = true;
    input.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    input.validationMessage = step.validate(step.value);
    let settled = false;
    const finish = (shown: Shown) => {
      if (settled) return;
      settled = true;
      resolve(shown);
      input.dispose();
    };
    input.onDidChangeValue((text) => {
      input.validationMessage = step.validate(text);
    });
    input.onDidTriggerButton(() => {
      finish('back');
    });
    input.onDidHide(() => {
      finish(undefined);
    });
    input.onDidAccept(() => {
      const outcome = step.accept(input.value);
      if ('error' in outcome) input.validationMessage = outcome.error;
      else finish(outcome);
    });
    input.show();
  });
}

/** Walks the steps until the last is answered (the answers) or the user cancels (undefined). */
export async function runSteps(
  initial: NewRunAnswers,
  stepsFor: (answers: NewRunAnswers) => readonly StepSlot[],
): Promise<NewRunAnswers | undefined> {
  let answers = initial;
  let index = 0;
  for (;;) {
    const steps = stepsFor(answers);
    const slot = steps[index];
    if (!slot) return answers;
    const step = slot.build();
    const position = { step: index + 1, total: steps.length };
    const shown = step.kind === 'pick' ? await showPick(step, position) : await showInput(step, position);
    if (shown === undefined) return undefined;
    if (shown === 'back') index = Math.max(0, index - 1);
    else {
      answers = shown.answers;
      index++;
    }
  }
}
