// Mocha runner module for VS Code's extension host (the `extensionTestsPath` contract of
// @vscode/test-electron and of the code-server harness in ../run.mjs): the host requires this
// module and awaits `run()`; a rejection makes the run exit with code 1.
//
// It is bundled together with every `*.test.ts` of this folder by ../build.mjs. The Mocha instance
// is created when this module is evaluated, before the test files, so that `describe`/`it` exist
// as globals while they load.
import Mocha from 'mocha';

const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
mocha.suite.emit('pre-require', globalThis as unknown as Mocha.MochaGlobals, 'tracespine-integration', mocha);

export function run(): Promise<void> {
  const grep = process.env.TRACESPINE_E2E_GREP;
  if (grep) mocha.grep(grep);
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
