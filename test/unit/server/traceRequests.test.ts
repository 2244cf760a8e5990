// The requests behind the extension's Show Links, Show Impact and Add Coverage, through the built server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CodeLens, TextDocumentEdit } from 'vscode-languageserver-protocol';
import {
  CoverageActionsRequest,
  DownstreamRequest,
  IncomingLinksRequest,
  type TraceLink,
} from '../../../src/shared/lspProtocol';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

afterAll(removeBuild);

describe('trace requests', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    await buildServer();
    root = copyFixture('server-ws');
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  }, 120_000);

  afterAll(async () => {
    await client.stop();
    removeDir(root);
  });

  it('tracespine/incomingLinks: the items of the link types, then the code tags', async () => {
    const links = await client.request<TraceLink[]>(IncomingLinksRequest.method, { id: 'REQ-1', types: ['verifies'] });
    expect(links).toEqual([
      { id: 'TST-1', file: 'design/tests/TST-1.md', line: 1, via: 'verifies', title: 'Rate limit test' },
    ]);
    expect(await client.request(IncomingLinksRequest.method, { id: 'REQ-2', types: ['verifies'] })).toEqual([
      { file: 'src/pump.c', line: 10, via: '@verifies' },
    ]);
    expect(await client.request(IncomingLinksRequest.method, { id: 'REQ-999' })).toEqual([]);
    await expect(client.request(IncomingLinksRequest.method, { id: 'REQ-1', types: 'verifies' })).rejects.toThrow(
      /types\?: string\[\]/,
    );
  });

  it('tracespine/downstream: as many items as the code lens counts', async () => {
    const down = await client.request<TraceLink[]>(DownstreamRequest.method, { id: 'REQ-1' });
    expect(down).toEqual([
      { id: 'TST-1', file: 'design/tests/TST-1.md', line: 1, via: 'verifies REQ-1', title: 'Rate limit test' },
      { file: 'src/pump.c', line: 4, via: '@implements REQ-1' },
    ]);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('design/requirements/REQ-1.md') },
    });
    expect(lenses.map((l) => l.command?.title)).toContain('1 item downstream, 1 code file');
    await expect(client.request(DownstreamRequest.method, {})).rejects.toThrow(/needs \{ id: string \}/);
  });

  it('tracespine/coverageActions: the stub that meets the rule, with its edit', async () => {
    const actions = await client.request<CodeAction[]>(CoverageActionsRequest.method, {
      id: 'HAZ-2',
      rule: 'unmitigated',
    });
    expect(actions.map((a) => a.title)).toEqual(['Create requirement REQ-4 that mitigates HAZ-2']);
    const insert = actions[0]!.edit!.documentChanges![1] as TextDocumentEdit;
    expect(insert.edits[0]!.newText).toContain('mitigates: [HAZ-2]');
    expect(await client.request(CoverageActionsRequest.method, { id: 'HAZ-2', rule: 'no-such-rule' })).toEqual([]);
    expect(await client.request(CoverageActionsRequest.method, { id: 'HAZ-404', rule: 'unmitigated' })).toEqual([]);
  });
});
