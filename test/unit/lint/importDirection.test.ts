/**
 * eslint.config.mjs enforces the direction of imports between rooms (docs/architecture.md):
 * each case lints a line of source as if it were in a file of that room, with the project's
 * own configuration (type-aware rules off: they do not decide this, and cost seconds).
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: new URL('../../..', import.meta.url).pathname,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const x = y;\n`, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message);
}

describe('the direction of imports', () => {
  const wrong: [string, string][] = [
    ['src/core/services/probe.ts', "import { y } from '../../shared/protocol';"],
    ['src/core/probe.ts', "import { y } from '../node/fsHost';"],
    ['src/node/probe.ts', "import { y } from '../shared/lspProtocol';"],
    ['src/node/probe.ts', "import { y } from '../server/server';"],
    ['src/server/probe.ts', "import { y } from '../cli/check';"],
    ['src/shared/probe.ts', "import { y } from '../server/convert';"],
    ['src/extension/commands/probe.ts', "import { y } from '../../core/traceIndex';"],
    ['src/extension/probe.ts', "import { y } from '../server/server';"],
    ['webview/probe.ts', "import { y } from '../src/core/graph/types';"],
    ['webview/probe.ts', "import { y } from '../src/extension/graphPanel';"],
  ];
  it.each(wrong)('%s: %s fails', async (file, source) => {
    const messages = await restricted(file, source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Imports point one way \(docs\/architecture\.md\): this room may not import src\//);
  });

  const right: [string, string][] = [
    ['src/core/services/probe.ts', "import { y } from '../traceIndex';"],
    ['src/node/probe.ts', "import { y } from '../core/host';"],
    ['src/server/probe.ts', "import { y } from '../shared/lspProtocol';"],
    ['src/cli/probe.ts', "import { y } from '../server/server';"],
    ['src/shared/probe.ts', "import { y } from '../core/graph/types';"],
    ['src/extension/probe.ts', "import { y } from '../shared/commands';"],
    ['webview/probe.ts', "import { y } from '../src/shared/protocol';"],
  ];
  it.each(right)('%s: %s passes', async (file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });
});
