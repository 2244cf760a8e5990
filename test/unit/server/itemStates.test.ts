// What `tracespine/items` tells the Design Controls tree beyond counts: each item's evidence
// state, the mark on upstream items with a failing item downstream, the open anomalies that
// affect it and its findings' messages; and that an edit reaches the tree at once, naming the
// files whose states changed (an anomaly's edit names the items it affects).
import { describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { SummaryView } from '../../../src/core/services/workspaceView';
import * as custom from '../../../src/server/handlers/custom';
import type { HandlerContext } from '../../../src/server/handlers/context';
import { UriMapper } from '../../../src/server/uris';
import { Workspace, type OpenDocument, type OpenDocuments } from '../../../src/server/workspace';
import { cleanWorkspace, md } from '../memoryHost';
import { MemoryLiveHost } from './memoryLiveHost';

class Docs implements OpenDocuments {
  readonly map = new Map<string, OpenDocument>();
  get(uri: string): OpenDocument | undefined {
    return this.map.get(uri);
  }
  all(): OpenDocument[] {
    return [...this.map.values()];
  }
}

const report = (cases: string): string => `<testsuite name="s">${cases}</testsuite>\n`;

function files(): Record<string, string> {
  const f = cleanWorkspace();
  f['tracespine.yaml'] = 'evidence:\n  results: ["results/*.xml"]\n';
  f['d/REQ-2.md'] = md('---', 'id: REQ-2', 'title: Alarm', 'derives_from: [UN-1]', '---', 'Body.');
  f['d/REQ-3.md'] = md('---', 'id: REQ-3', 'title: Log', 'derives_from: [UN-2]', '---', 'Body.');
  f['d/TST-3.md'] = md('---', 'id: TST-3', 'title: Log test', 'method: test', 'verifies: [REQ-3]', '---', 'Body.');
  f['d/UN-2.md'] = md('---', 'id: UN-2', 'title: Other need', '---', 'Body.');
  f['d/TST-2.md'] = md('---', 'id: TST-2', 'title: Alarm test', 'method: test', 'verifies: [REQ-2]', '---', 'Body.');
  f['d/PR-1.md'] = md(
    '---',
    'id: PR-1',
    'title: Alarm silent at low battery',
    'state: open',
    'severity: serious',
    'safety_evaluation: No harm, the nurse sees the display.',
    'affects: [REQ-2]',
    '---',
    'Body.',
  );
  f['results/junit.xml'] = report(
    '<testcase name="REQ-1 limits the rate" classname="rate"/>' +
      '<testcase name="REQ-2 alarms" classname="alarm"><failure message="no sound"/></testcase>',
  );
  return f;
}

async function setUp(initial: Record<string, string>) {
  const host = new MemoryLiveHost(initial);
  const docs = new Docs();
  const changed: { at: number; summary: SummaryView; files: readonly string[] | undefined }[] = [];
  const published: { at: number; p: PublishDiagnosticsParams }[] = [];
  const ws = new Workspace(docs, {
    log: () => {},
    error: () => {},
    beginProgress: () => Promise.resolve({ report() {}, done() {} }),
    indexChanged: (summary, f) => changed.push({ at: performance.now(), summary, files: f }),
    publishDiagnostics: (p) => published.push({ at: performance.now(), p }),
  });
  const uris = new UriMapper('/ws');
  ws.attach(uris, host);
  ws.start();
  await ws.current();
  const ctx: HandlerContext = { workspace: ws, capabilities: () => ({}) };
  const edit = async (file: string, text: string, version: number): Promise<void> => {
    const uri = uris.toUri(file);
    docs.map.set(uri, { uri, version, getText: () => text });
    ws.documentChanged(uri);
    await ws.current();
  };
  return { ws, ctx, changed, published, edit };
}

describe('tracespine/items for the Design Controls tree', () => {
  it('carries evidence, the upstream mark, open anomalies and the findings’ messages', async () => {
    const t = await setUp(files());
    const { items } = await custom.items(t.ctx, {});
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('REQ-1')!.evidence).toBe('passed');
    expect(byId.get('REQ-2')).toMatchObject({
      evidence: 'failed',
      anomalies: [{ id: 'PR-1', title: 'Alarm silent at low battery', state: 'open', severity: 'serious' }],
      messages: [
        {
          severity: 'error',
          code: 'evidence.failed',
          message: 'Requirement REQ-2 failed verification: alarm > REQ-2 alarms failed',
          line: 1,
        },
      ],
    });
    // REQ-2 fails: the need it derives from is marked; so is TST-2's... no: TST-2 is downstream of REQ-2.
    expect(byId.get('UN-1')!.failingDownstream).toEqual(['REQ-2']);
    expect(byId.get('UN-2')!.failingDownstream).toBeUndefined();
    expect(byId.get('TST-2')!.failingDownstream).toBeUndefined();
    expect(byId.get('REQ-3')!.evidence).toBe('missing');
    expect(byId.get('REQ-3')!.anomalies).toBeUndefined();
    expect(byId.get('REQ-3')!.messages).toBeUndefined(); // no finding: nothing to say
    expect(byId.get('UN-2')!.evidence).toBeUndefined();
    // The per-file answer agrees with the full one.
    const one = await custom.items(t.ctx, { files: ['d/REQ-2.md', 'd/UN-1.md'] });
    expect(one.items).toEqual([byId.get('REQ-2'), byId.get('UN-1')]);
  });

  it('without evidence configured: no evidence fields, anomalies still shown', async () => {
    const f = files();
    delete f['tracespine.yaml'];
    const t = await setUp(f);
    const { items } = await custom.items(t.ctx, {});
    const req2 = items.find((i) => i.id === 'REQ-2')!;
    expect(req2.evidence).toBeUndefined();
    expect(req2.failingDownstream).toBeUndefined();
    expect(req2.anomalies?.map((a) => a.id)).toEqual(['PR-1']);
    expect(items.find((i) => i.id === 'UN-1')!.failingDownstream).toBeUndefined();
  });

  it('an edit of a problem report names the files of the items it affects, before and after', async () => {
    const f = files();
    delete f['tracespine.yaml']; // evidence re-validates everything; here only the anomaly counts
    const t = await setUp(f);
    t.changed.length = 0;
    await t.edit('d/PR-1.md', f['d/PR-1.md']!.replace('affects: [REQ-2]', 'affects: [REQ-3]'), 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.changed.map((c) => c.files)).toEqual([['d/PR-1.md', 'd/REQ-2.md', 'd/REQ-3.md']]);
    const { items } = await custom.items(t.ctx, { files: ['d/REQ-2.md', 'd/REQ-3.md'] });
    expect(items.map((i) => [i.id, i.anomalies?.map((a) => a.id)])).toEqual([
      ['REQ-2', undefined],
      ['REQ-3', ['PR-1']],
    ]);
  });

  it('tells the tree right after the diagnostics, not a debounce later', async () => {
    const f = files();
    delete f['tracespine.yaml'];
    const t = await setUp(f);
    t.changed.length = 0;
    t.published.length = 0;
    await t.edit('d/REQ-3.md', f['d/REQ-3.md']!.replace('[UN-2]', '[UN-404]'), 2);
    // the diagnostics are out; the notification follows in the next turn of the event loop
    expect(t.changed).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    // REQ-3 gets a dangling link; UN-2 loses what refined it
    expect(t.published.map((p) => p.p.uri)).toEqual(['file:///ws/d/REQ-3.md', 'file:///ws/d/UN-2.md']);
    expect(t.changed.map((c) => c.files)).toEqual([['d/REQ-3.md', 'd/UN-2.md']]);
    expect(t.changed[0]!.summary.errors).toBe(1); // REQ-3's dangling link
    // The summary of the notification is the one the items answer gives (computed once).
    expect((await custom.items(t.ctx, { files: [] })).summary).toBe(t.changed[0]!.summary);
  });
});
