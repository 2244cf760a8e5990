// Mocha runner module for VS Code's extension host (the `extensionTestsPath` contract of
// @vscode/test-electron and of the code-server harness in ../run.mjs): the host requires this
// module and awaits `run()`; a rejection makes the run exit with code 1.
//
// It is bundled together with every `*.test.ts` of this folder by ../build.mjs. The Mocha instance
// is created when this module is evaluated, before the test files, so that `describe`/`it` exist
// as globals while they load.
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * How the extension came up before any test touched it: activated by the workspace alone
 * (`workspaceContains`; the fixture has no tracespine.yaml), with no Markdown document open
 * (so not `onLanguage:markdown`). Read by workspace.test.ts.
 */
export const activation: { active: boolean; markdownOpen: boolean; waitedMs: number } = {
  active: false,
  markdownOpen: false,
  waitedMs: 0,
};

async function watchActivation(): Promise<void> {
  const t0 = Date.now();
  const ext = vscode.extensions.getExtension('tracespine.tracespine');
  while (ext && !ext.isActive && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
  activation.active = ext?.isActive ?? false;
  activation.markdownOpen = vscode.workspace.textDocuments.some((d) => d.languageId === 'markdown');
  activation.waitedMs = Date.now() - t0;
}

const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
mocha.suite.emit('pre-require', globalThis as unknown as Mocha.MochaGlobals, 'tracespine-integration', mocha);

export async function run(): Promise<void> {
  const grep = process.env.TRACESPINE_E2E_GREP;
  if (grep) mocha.grep(grep);
  await watchActivation();
  return new Promise((resolve, reject) => {
    if (mocha.suite.total() === 0) {
      reject(new Error('no integration tests were loaded'));
      return;
    }
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
