/**
 * The webview's pure parts in plain Node: the protocol validators, the HTML builder, the view
 * model (filters, depth, search, Mermaid, layering, the ELK input and the reading of ELK's
 * output, navigation, viewport maths) and the scene / SVG export.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isFromWebviewMessage,
  isGraphData,
  isToWebviewMessage,
  sanitizeWebviewState,
  type FromWebviewMessage,
  type GraphData,
  type ToWebviewMessage,
} from '../../src/shared/protocol';
import { buildCsp, escapeHtmlAttr, makeNonce, renderWebviewHtml } from '../../src/shared/webviewHtml';
import { cssVar, graphCss } from '../../webview/graphStyle';
import {
  buildElkGraph,
  computeLayers,
  distancesFrom,
  edgeLabel,
  elkLayoutOptions,
  escapeMermaid,
  filterGraph,
  fitTransform,
  kindColorSlot,
  LARGE_GRAPH,
  lateralArc,
  labelPoint,
  polylineHits,
  computeBands,
  readableFit,
  readableZoom,
  wrapWidth,
  midpoint,
  neighbourInDirection,
  nodeBadges,
  orderLayers,
  panIntoView,
  readElkLayout,
  readingOrder,
  searchMatches,
  toMermaid,
  truncate,
  zoomAt,
  type NodeBox,
} from '../../webview/model';
import { buildScene, pathData, sceneToSvg, serializeScene } from '../../webview/scene';
import { sampleGraph, syntheticGraph } from './fixtures';

const ids = (d: GraphData): string[] => d.nodes.map((n) => n.id).sort();

// ---------------------------------------------------------------------------------------------
describe('protocol validators', () => {
  const graph: ToWebviewMessage = { type: 'graph', focus: 'REQ-002', depth: 2, pinned: false, data: sampleGraph() };
  const impact: ToWebviewMessage = {
    type: 'impact',
    base: 'origin/main',
    bases: ['origin/main', 'HEAD~1'],
    data: sampleGraph(),
    review: [{ id: 'REQ-002', kind: 'requirement', title: 'Stop', file: 'docs/r.md', line: 3, reason: 'modified' }],
  };
  const toWebview: ToWebviewMessage[] = [
    graph,
    impact,
    { type: 'error', message: 'boom' },
    { type: 'empty', message: 'not an item' },
  ];
  const fromWebview: FromWebviewMessage[] = [
    { type: 'ready' },
    { type: 'open', file: 'docs/r.md', line: 0 },
    { type: 'focus', id: 'REQ-1' },
    { type: 'setDepth', depth: 'all' },
    { type: 'setDepth', depth: 3 },
    { type: 'setPinned', pinned: true },
    { type: 'selectBase', base: 'origin/main' },
    { type: 'copyMermaid', text: 'graph TD\n' },
    { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
  ];

  it('accept every well-formed message', () => {
    for (const m of toWebview) expect(isToWebviewMessage(m), JSON.stringify(m).slice(0, 80)).toBe(true);
    for (const m of fromWebview) expect(isFromWebviewMessage(m), JSON.stringify(m)).toBe(true);
    // Directions do not mix.
    for (const m of toWebview) expect(isFromWebviewMessage(m)).toBe(false);
    for (const m of fromWebview) expect(isToWebviewMessage(m)).toBe(false);
  });

  it('reject wrong types, missing and unknown fields, and unsound graphs', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'graph',
      [],
      { type: 'graph' },
      { ...graph, depth: 4 },
      { ...graph, depth: '2' },
      { ...graph, pinned: 'no' },
      { ...graph, extra: 1 },
      { ...graph, data: { ...sampleGraph(), edges: [{ from: 'REQ-002', to: 'NOPE', type: 'verifies' }] } },
      { ...graph, data: { ...sampleGraph(), nodes: [...sampleGraph().nodes, sampleGraph().nodes[0]] } },
      { ...graph, data: { ...sampleGraph(), kinds: sampleGraph().kinds.slice(1) } },
      { ...graph, data: { ...sampleGraph(), nodes: [{ ...sampleGraph().nodes[0], line: -1 }] } },
      { ...graph, data: { ...sampleGraph(), nodes: [{ ...sampleGraph().nodes[0], line: 1.5 }] } },
      { ...graph, data: { ...sampleGraph(), nodes: [{ ...sampleGraph().nodes[0], change: 'renamed' }] } },
      { ...graph, data: { ...sampleGraph(), nodes: [{ ...sampleGraph().nodes[0], errors: NaN }] } },
      { ...graph, data: { ...sampleGraph(), nodes: [{ ...sampleGraph().nodes[0], id: '' }] } },
      { ...graph, data: { ...sampleGraph(), kinds: [{ kind: 'need', label: 'N', rank: Infinity }] } },
      { ...impact, bases: ['a', 1] },
      { ...impact, review: [{ id: 'x', kind: 'k', title: 't', file: 'f', line: 0 }] },
      { type: 'error', message: 1 },
      { type: 'empty' },
      Object.assign(Object.create({ type: 'error' }) as object, { message: 'inherited type' }),
    ];
    for (const b of bad) expect(isToWebviewMessage(b), JSON.stringify(b)?.slice(0, 120)).toBe(false);
    const badFrom: unknown[] = [
      { type: 'open', file: '', line: 0 },
      { type: 'open', file: 'a.md', line: -1 },
      { type: 'open', file: 'a.md' },
      { type: 'open', file: 'a.md', line: 0, column: 2 },
      { type: 'focus', id: 7 },
      { type: 'setDepth', depth: 0 },
      { type: 'setPinned', pinned: 1 },
      { type: 'selectBase', base: '' },
      { type: 'copyMermaid' },
      { type: 'exportSvg', svg: '<script>alert(1)</script>' },
      { type: 'ready', now: true },
      { type: 'reload' },
      { type: ['ready'] },
    ];
    for (const b of badFrom) expect(isFromWebviewMessage(b), JSON.stringify(b)).toBe(false);
  });

  it('never accept arbitrary values (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withSet: true }),
        (x) => {
          expect(isFromWebviewMessage(x)).toBe(false);
          expect(isToWebviewMessage(x)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
    // Objects with a known `type` and arbitrary other fields are still rejected.
    const types = [
      'ready',
      'open',
      'focus',
      'setDepth',
      'setPinned',
      'selectBase',
      'copyMermaid',
      'exportSvg',
      'graph',
      'impact',
      'error',
      'empty',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.dictionary(fc.string(), fc.anything(), { minKeys: 1 }),
        (type, rest) => {
          const x = { ...rest, type };
          const known = [
            'file',
            'line',
            'id',
            'depth',
            'pinned',
            'base',
            'text',
            'svg',
            'message',
            'focus',
            'data',
            'bases',
            'review',
          ];
          fc.pre(Object.keys(rest).some((k) => !known.includes(k) && k !== 'type'));
          expect(isFromWebviewMessage(x)).toBe(false);
          expect(isToWebviewMessage(x)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reject every single-field corruption of a well-formed message (fast-check)', () => {
    const wrong = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.string(),
      fc.array(fc.integer()),
      fc.object(),
    );
    const samples: [unknown, (x: unknown) => boolean][] = [
      ...toWebview.map((m) => [m, isToWebviewMessage] as [unknown, (x: unknown) => boolean]),
      ...fromWebview.map((m) => [m, isFromWebviewMessage] as [unknown, (x: unknown) => boolean]),
    ];
    // Every path to a leaf (or object) of a message, with whether changing its type must fail.
    const paths = (x: unknown, at: (string | number)[] = []): (string | number)[][] => {
      if (typeof x !== 'object' || x === null) return [at];
      const keys: (string | number)[] = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
      return [at, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], [...at, k]))];
    };
    const set = (root: unknown, path: (string | number)[], v: unknown): unknown => {
      const copy = structuredClone(root) as Record<string | number, unknown>;
      let cur = copy;
      for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      if (v === undefined && !Array.isArray(cur)) delete cur[last];
      else cur[last] = v;
      return copy;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: samples.length - 1 }), fc.nat(), wrong, (si, pi, v) => {
        const [msg, check] = samples[si]!;
        const all = paths(msg).filter((p) => p.length > 0);
        fc.pre(all.length > 0);
        const path = all[pi % all.length]!;
        const before = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], msg);
        // Same type as before → may stay valid (e.g. another string); only type changes must fail.
        fc.pre(
          typeof v !== typeof before ||
            Array.isArray(v) !== Array.isArray(before) ||
            (v === null) !== (before === null),
        );
        // Optional fields may be removed.
        const last = path[path.length - 1];
        const optional = [
          'untested',
          'unmitigated',
          'suspect',
          'errors',
          'warnings',
          'change',
          'impacted',
          'depth',
          'trace',
          'evidence',
          'failingDownstream',
          'anomalies',
          'truncated',
          'direction',
        ];
        fc.pre(!(v === undefined && typeof last === 'string' && optional.includes(last) && path.length > 1));
        // Removing an array element keeps a valid array of the rest.
        fc.pre(!(v === undefined && typeof last === 'number'));
        // A depth may be a number or 'all'.
        fc.pre(!(last === 'depth' && (v === 1 || v === 2 || v === 3)));
        // Numbers swapped for other numbers (depth 2 → 3.5) are covered by the table above.
        fc.pre(!(typeof v === 'number' && typeof before === 'number'));
        expect(check(set(msg, path, v))).toBe(false);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.string({ minLength: 1 }),
        fc.anything(),
        (si, key, v) => {
          const [msg, check] = samples[si]!;
          fc.pre(!Object.prototype.hasOwnProperty.call(msg, key));
          expect(check({ ...(msg as object), [key]: v })).toBe(false);
        },
      ),
    );
  });

  it('sanitizes saved state field by field', () => {
    expect(
      sanitizeWebviewState({
        mode: 'item',
        focus: 'A',
        depth: 2,
        zoom: 0.5,
        panX: 1,
        panY: 2,
        hiddenKinds: ['test'],
        search: 'x',
        pinned: true,
        base: 'main',
      }),
    ).toEqual({
      mode: 'item',
      focus: 'A',
      depth: 2,
      zoom: 0.5,
      panX: 1,
      panY: 2,
      hiddenKinds: ['test'],
      search: 'x',
      pinned: true,
      base: 'main',
    });
    expect(sanitizeWebviewState({ mode: 'x', depth: 9, zoom: -1, panX: NaN, hiddenKinds: [1], search: 3 })).toEqual({});
    expect(sanitizeWebviewState('junk')).toEqual({});
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(() => sanitizeWebviewState(x)).not.toThrow();
      }),
    );
  });

  it('validates the synthetic graphs used by the benchmark', () => {
    expect(isGraphData(syntheticGraph(2000, 3))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe('webview HTML', () => {
  const nonce = 'abcdefghijklmnopqrstuvwx';
  it('has the strict CSP, one nonce script, the style link, and escaped data attributes', () => {
    const html = renderWebviewHtml({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce,
      scriptUri: 'https://x/dist/webview/main.js',
      styleUri: 'https://x/dist/webview/style.css',
      workerUri: 'https://x/dist/webview/elkWorker.js?a=1&b=2',
      initialState: { type: 'empty', message: '"</div><script>alert(1)</script>' },
    });
    expect(html).toContain(
      `content="default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-${nonce}'; worker-src blob:; connect-src https://file+.vscode-resource.vscode-cdn.net;"`.replace(
        /'/g,
        '&#39;',
      ),
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="${nonce}" src="https://x/dist/webview/main.js"></script>`);
    expect(html).toContain('<link rel="stylesheet" href="https://x/dist/webview/style.css">');
    expect(html).toContain('data-worker-uri="https://x/dist/webview/elkWorker.js?a=1&amp;b=2"');
    expect(html).toContain(
      'data-initial-state="{&quot;type&quot;:&quot;empty&quot;,&quot;message&quot;:&quot;\\&quot;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;}"',
    );
    expect(html).not.toMatch(/\sstyle=|\son\w+=|javascript:/);
  });

  it('leaves out the worker directives without a worker, and refuses CSP injection', () => {
    expect(buildCsp({ cspSource: 'http://127.0.0.1:1', nonce })).toBe(
      `default-src 'none'; img-src http://127.0.0.1:1 data:; style-src http://127.0.0.1:1; font-src http://127.0.0.1:1; script-src 'nonce-${nonce}';`,
    );
    expect(() => buildCsp({ cspSource: "x; script-src 'unsafe-inline'", nonce })).toThrow(/CSP source/);
    expect(() => buildCsp({ cspSource: "x 'unsafe-inline'", nonce })).toThrow(/CSP source/);
    expect(() => buildCsp({ cspSource: 'x\nscript-src *', nonce })).toThrow(/CSP source/);
    expect(() => buildCsp({ cspSource: '', nonce })).toThrow(/CSP source/);
    expect(buildCsp({ cspSource: 'https://a https://*.b', nonce })).toContain('style-src https://a https://*.b;');
    // What VS Code 1.100 passes as webview.cspSource.
    expect(buildCsp({ cspSource: "'self' https://*.vscode-cdn.net", nonce })).toContain(
      "style-src 'self' https://*.vscode-cdn.net;",
    );
    expect(() => buildCsp({ cspSource: "'self' 'unsafe-eval'", nonce })).toThrow(/CSP source/);
    expect(() => buildCsp({ cspSource: 'x', nonce: "n' 'unsafe-eval" })).toThrow(/nonce/);
    expect(() => buildCsp({ cspSource: 'x', nonce: 'short' })).toThrow(/nonce/);
    expect(escapeHtmlAttr(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('makes fresh base64url nonces', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(makeNonce()).not.toBe(a);
    expect(() => buildCsp({ cspSource: 'x', nonce: a })).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
describe('filtering', () => {
  it('walks up and down from the focus without turning round; hazards are sideways neighbours', () => {
    const d = sampleGraph();
    for (const n of d.nodes) delete n.depth;
    const dist = distancesFrom(d, 'REQ-002');
    expect(Object.fromEntries(dist)).toEqual({
      'REQ-002': 0,
      'UN-001': 1,
      'HAZ-001': 1,
      'REQ-003': 1,
      'TST-001': 1,
      'TST-002': 2,
    });
    // REQ-001 is a sibling (through UN-001): not a neighbour of REQ-002 at any depth.
    expect(dist.has('REQ-001')).toBe(false);
    // From the hazard, its requirement leads on to the need and the tests.
    expect(Object.fromEntries(distancesFrom(d, 'HAZ-001'))).toEqual({
      'HAZ-001': 0,
      'REQ-002': 1,
      'UN-001': 2,
      'REQ-003': 2,
      'TST-001': 2,
      'TST-002': 3,
    });
    expect(distancesFrom(d, 'NOPE').size).toBe(0);
  });

  it('filters by depth (host depths first, else computed), by kind, and keeps the focus', () => {
    const d = sampleGraph();
    expect(ids(filterGraph(d, { depth: 1, focus: 'REQ-002' }))).toEqual([
      'HAZ-001',
      'REQ-002',
      'REQ-003',
      'TST-001',
      'UN-001',
    ]);
    expect(ids(filterGraph(d, { depth: 'all', focus: 'REQ-002' }))).toHaveLength(8);
    const computed = sampleGraph();
    for (const n of computed.nodes) delete n.depth;
    expect(ids(filterGraph(computed, { depth: 2, focus: 'REQ-002' }))).toEqual([
      'HAZ-001',
      'REQ-002',
      'REQ-003',
      'TST-001',
      'TST-002',
      'UN-001',
    ]);
    const noTests = filterGraph(d, { hiddenKinds: new Set(['test', 'requirement']), focus: 'REQ-002' });
    expect(ids(noTests)).toEqual(['HAZ-001', 'REQ-002', 'UN-001']);
    expect(noTests.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['REQ-002>UN-001', 'REQ-002>HAZ-001']);
    expect(filterGraph(d, {})).toEqual(d);
  });

  it('searches id, title, kind and status, every term', () => {
    const d = sampleGraph();
    expect([...searchMatches(d.nodes, 'occlusion')].sort()).toEqual([
      'HAZ-001',
      'REQ-001',
      'REQ-002',
      'TST-001',
      'TST-003',
    ]);
    expect([...searchMatches(d.nodes, 'OCCLUSION test')].sort()).toEqual(['TST-001', 'TST-003']);
    expect([...searchMatches(d.nodes, 'draft')]).toEqual(['REQ-001']);
    expect([...searchMatches(d.nodes, 'haz')]).toEqual(['HAZ-001']);
    expect(searchMatches(d.nodes, '   ').size).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe('text', () => {
  it('labels edges, truncates, lists badges', () => {
    expect(edgeLabel({ type: 'verifies' })).toBe('verifies');
    expect(edgeLabel({ type: 'verifies', suspect: true })).toBe('verifies (suspect)');
    expect(truncate('abcdef', 10)).toBe('abcdef');
    expect(truncate('abc  def   ghi', 8)).toBe('abc def…');
    expect(truncate('x'.repeat(20), 5)).toHaveLength(5);
    const n = sampleGraph().nodes.find((x) => x.id === 'REQ-003')!;
    expect(nodeBadges(n).map((b) => b.text)).toEqual(['✕ 2', 'untested']);
    expect(nodeBadges({ ...n, change: 'modified', impacted: true, suspect: true }).map((b) => b.cls)).toEqual([
      'change-modified',
      'errors',
      'untested',
      'suspect',
    ]);
    expect(kindColorSlot('hazard', 0)).toBe('hazard');
    expect(kindColorSlot('software-requirement', 0)).toBe('req');
    expect(kindColorSlot('widget', 7)).toBe('p1');
  });

  it('writes Mermaid exactly', () => {
    expect(toMermaid(sampleGraph(), 'REQ-002')).toBe(`graph TD
  n0["UN-001: Deliver the prescribed dose safely"]
  n1["REQ-001: Occlusion detected within 30 s"]
  n2["REQ-002: Stop infusion when an occlusion is detected"]
  n3["REQ-003: Alarm sounds at 65 dB(A) or more"]
  n4["HAZ-001: Over-infusion after occlusion release"]
  n5["TST-001: Occlusion stop bench test"]
  n6["TST-002: Alarm loudness measurement"]
  n7["TST-003: Occlusion timing test"]
  n1 -->|"derives"| n0
  n2 -->|"derives"| n0
  n3 -->|"refines"| n2
  n2 -->|"mitigates"| n4
  n5 -->|"verifies"| n2
  n6 -.->|"verifies (suspect)"| n3
  n7 -->|"verifies"| n1
  classDef need stroke:#b180d7,stroke-width:2px
  class n0 need
  classDef requirement stroke:#3794ff,stroke-width:2px
  class n1,n2,n3 requirement
  classDef hazard stroke:#f14c4c,stroke-width:2px
  class n4 hazard
  classDef test stroke:#89d185,stroke-width:2px
  class n5,n6,n7 test
  style n2 stroke-width:3px
`);
  });

  it('escapes Mermaid labels', () => {
    expect(escapeMermaid('say "hi" | <b>#1</b> `x`\n  next')).toBe(
      'say #34;hi#34; #124; #60;b#62;#35;1#60;/b#62; #96;x#96; next',
    );
    const d: GraphData = {
      kinds: [{ kind: 'k', label: 'K', rank: 0 }],
      nodes: [{ id: 'A"1', kind: 'k', kindLabel: 'K', title: 'x|y', status: '', file: 'a', line: 0 }],
      edges: [{ from: 'A"1', to: 'A"1', type: 'a|b' }],
    };
    expect(toMermaid(d)).toBe(
      'graph TD\n  n0["A#34;1: x#124;y"]\n  n0 -->|"a#124;b"| n0\n  classDef k stroke:#cca700,stroke-width:2px\n  class n0 k\n',
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('layering and the ELK input', () => {
  it('bands by rank, sub-layers for same-kind links, hazards beside their requirement', () => {
    const d = sampleGraph();
    const { layer, lateral, bandOfLayer, bandRanks } = computeLayers(d);
    expect(Object.fromEntries(layer)).toEqual({
      'UN-001': 0,
      'REQ-001': 1,
      'REQ-002': 1,
      'REQ-003': 2, // refines REQ-002
      'HAZ-001': 1, // beside REQ-002, which mitigates it
      'TST-001': 3,
      'TST-002': 3,
      'TST-003': 3,
    });
    expect([...lateral].map((i) => d.edges[i]!.type)).toEqual(['mitigates']);
    expect(bandOfLayer).toEqual([0, 1, 1, 2]);
    expect(bandRanks).toEqual([0, 1, 2]);
    // Flat bands (large graphs): same-kind links are drawn sideways too.
    const flat = computeLayers(d, { flatBands: true });
    expect(flat.layer.get('REQ-003')).toBe(1);
    expect([...flat.lateral].map((i) => d.edges[i]!.type).sort()).toEqual(['mitigates', 'refines']);
  });

  it('survives cycles of same-kind links', () => {
    const d: GraphData = {
      kinds: [{ kind: 'r', label: 'R', rank: 1 }],
      nodes: ['A', 'B', 'C'].map((id) => ({
        id,
        kind: 'r',
        kindLabel: 'R',
        title: id,
        status: '',
        file: 'f',
        line: 0,
      })),
      edges: [
        { from: 'A', to: 'B', type: 'refines' },
        { from: 'B', to: 'C', type: 'refines' },
        { from: 'C', to: 'A', type: 'refines' },
      ],
    };
    const { layer } = computeLayers(d);
    expect(new Set(layer.values()).size).toBe(3);
    const b = buildElkGraph(d);
    expect(b.graph.edges).toHaveLength(3); // the back edge is kept; ELK reverses it
  });

  it('builds the ELK graph: y by layer, edges top-down, sideways links left out, hint edges', () => {
    const d = sampleGraph();
    const b = buildElkGraph(d);
    expect(b.graph.layoutOptions).toEqual(elkLayoutOptions(8));
    expect(b.graph.layoutOptions!['elk.layered.layering.strategy']).toBe('INTERACTIVE');
    const y = Object.fromEntries((b.graph.children ?? []).map((c) => [c.id, c.y]));
    expect(y['UN-001']).toBeLessThan(y['REQ-002']!);
    expect(y['HAZ-001']).toBe(y['REQ-002']);
    expect(y['REQ-002']).toBeLessThan(y['REQ-003']!);
    expect(y['REQ-003']).toBeLessThan(y['TST-002']!);
    const edges = (b.graph.edges ?? []).map((e) => `${e.id}:${e.sources[0]}>${e.targets[0]}`);
    expect(edges).toEqual([
      'e0:UN-001>REQ-001',
      'e1:UN-001>REQ-002',
      'e2:REQ-002>REQ-003',
      'e4:REQ-002>TST-001',
      'e5:REQ-003>TST-002',
      'e6:REQ-001>TST-003',
      'h0:UN-001>HAZ-001',
      'h1:HAZ-001>REQ-003',
    ]);
    expect(b.edgeMap.get('e0')).toEqual({ index: 0, reversed: true });
  });

  it('pre-orders large graphs and turns ELK crossing minimisation off', () => {
    const d = syntheticGraph(LARGE_GRAPH, 5);
    const b = buildElkGraph(d);
    expect(b.graph.layoutOptions!['elk.layered.crossingMinimization.strategy']).toBe('NONE');
    expect(b.graph.children).toHaveLength(d.nodes.length);
    // Children come layer by layer.
    const ys = (b.graph.children ?? []).map((c) => c.y!);
    expect(ys).toEqual([...ys].sort((p, q) => p - q));
    expect(new Set(b.layering.layer.values()).size).toBe(3); // flat bands
    // Every hazard (linked sideways only) follows its requirement closely (after its other hazards).
    const order = (b.graph.children ?? []).map((c) => c.id);
    for (const e of d.edges.filter((x) => x.type === 'mitigates')) {
      const gap = order.indexOf(e.to) - order.indexOf(e.from);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(6);
    }
  });

  it('orders layers by barycentre to undo crossings', () => {
    const layerOf = new Map([
      ['a', 0],
      ['b', 0],
      ['x', 1],
      ['y', 1],
    ]);
    const layers = orderLayers(['a', 'b', 'y', 'x'], layerOf, [
      { source: 'a', target: 'x' },
      { source: 'b', target: 'y' },
    ]);
    expect(layers).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
  });

  it('reads an ELK result: links drawn from carrier to target, sideways arcs, labels, bands', () => {
    const d = sampleGraph();
    const b = buildElkGraph(d);
    const box = (
      id: string,
      x: number,
      y: number,
    ): { id: string; x: number; y: number; width: number; height: number } => ({ id, x, y, width: 100, height: 40 });
    const result = {
      id: 'root',
      width: 500,
      height: 400,
      children: [
        box('UN-001', 0, 0),
        box('REQ-001', 0, 100),
        box('REQ-002', 150, 100),
        box('HAZ-001', 300, 100),
        box('REQ-003', 150, 200),
        box('TST-001', 150, 300),
        box('TST-002', 300, 300),
        box('TST-003', 0, 300),
      ],
      edges: [
        {
          id: 'e0',
          sources: ['UN-001'],
          targets: ['REQ-001'],
          sections: [
            { id: 's', startPoint: { x: 50, y: 40 }, bendPoints: [{ x: 50, y: 70 }], endPoint: { x: 50, y: 100 } },
          ],
        },
      ],
    };
    const layout = readElkLayout(d, b, result);
    const e0 = layout.edges.find((e) => e.index === 0)!;
    expect(e0.points).toEqual([
      { x: 50, y: 100 },
      { x: 50, y: 70 },
      { x: 50, y: 40 },
    ]); // REQ-001 (carrier, below) → UN-001 (target, above)
    expect(e0.label).toEqual({ x: 50, y: 70 });
    const mit = layout.edges.find((e) => e.type === 'mitigates')!;
    expect(mit.lateral).toBe(true);
    expect(mit.points).toEqual([
      { x: 250, y: 114 },
      { x: 300, y: 114 },
    ]);
    expect(mit.label).toEqual({ x: 275, y: 105 });
    expect(layout.edges).toHaveLength(7);
    expect(layout.bands.map((x) => [x.rank, x.top, x.bottom])).toEqual([
      [0, 0, 40],
      [1, 100, 240],
      [2, 300, 340],
    ]);
  });

  it('lays out the sample with ELK in Node: bands top to bottom, hazard beside its requirement', async () => {
    const d = sampleGraph();
    const b = buildElkGraph(d);
    const result = await new ELK().layout(b.graph);
    const layout = readElkLayout(d, b, result);
    const y = (id: string): number => layout.nodes.get(id)!.y;
    expect(y('UN-001')).toBeLessThan(y('REQ-001'));
    expect(y('REQ-001')).toBe(y('REQ-002'));
    expect(y('HAZ-001')).toBe(y('REQ-002'));
    expect(Math.abs(layout.nodes.get('HAZ-001')!.x - layout.nodes.get('REQ-002')!.x)).toBeLessThan(400); // next to it
    expect(y('REQ-002')).toBeLessThan(y('REQ-003'));
    expect(y('REQ-003')).toBeLessThan(y('TST-001'));
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    // Arrowheads end at the target: the last point of TST-001 → REQ-002 touches REQ-002's box.
    const v = layout.edges.find((e) => e.from === 'TST-001')!;
    const target = layout.nodes.get('REQ-002')!;
    expect(Math.abs(v.points.at(-1)!.y - (target.y + target.height))).toBeLessThan(1);
  });
});

// ---------------------------------------------------------------------------------------------
describe('geometry, navigation, viewport', () => {
  const boxes = new Map<string, NodeBox>([
    ['top', { x: 100, y: 0, width: 100, height: 40 }],
    ['left', { x: 0, y: 100, width: 100, height: 40 }],
    ['mid', { x: 120, y: 100, width: 100, height: 40 }],
    ['right', { x: 240, y: 100, width: 100, height: 40 }],
    ['bottom', { x: 130, y: 200, width: 100, height: 40 }],
  ]);

  it('moves with the arrow keys to the nearest node in that direction, Tab in reading order', () => {
    expect(neighbourInDirection(boxes, 'mid', 'up')).toBe('top');
    expect(neighbourInDirection(boxes, 'mid', 'down')).toBe('bottom');
    expect(neighbourInDirection(boxes, 'mid', 'left')).toBe('left');
    expect(neighbourInDirection(boxes, 'mid', 'right')).toBe('right');
    expect(neighbourInDirection(boxes, 'top', 'up')).toBeUndefined();
    expect(neighbourInDirection(boxes, 'nope', 'up')).toBeUndefined();
    expect(readingOrder(boxes)).toEqual(['top', 'left', 'mid', 'right', 'bottom']);
  });

  it('fits, zooms about a point, pans into view', () => {
    const t = fitTransform({ x: 0, y: 0, width: 400, height: 200 }, 800, 600, 0, 1);
    expect(t).toEqual({ k: 1, x: 200, y: 200 });
    const small = fitTransform({ x: -100, y: 0, width: 2000, height: 100 }, 1000, 500, 0, 1);
    expect(small.k).toBe(0.5);
    expect(small.x).toBe(50);
    const z = zoomAt({ x: 10, y: 20, k: 1 }, 2, 110, 220);
    expect(z).toEqual({ k: 2, x: -90, y: -180 }); // the point under the cursor stays put
    expect(zoomAt({ x: 0, y: 0, k: 1 }, 1e6, 0, 0).k).toBe(3);
    const p = panIntoView({ x: 0, y: 0, k: 1 }, { x: 900, y: 10, width: 100, height: 40 }, 800, 600, 20);
    expect(p).toEqual({ k: 1, x: -220, y: 10 });
  });

  it('measures polylines and arcs sideways links', () => {
    expect(
      midpoint([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
      ]),
    ).toEqual({ x: 10, y: 0 });
    const a: NodeBox = { x: 0, y: 0, width: 100, height: 40 };
    expect(lateralArc(a, { x: 150, y: 0, width: 100, height: 40 })).toEqual([
      { x: 100, y: 14 },
      { x: 150, y: 14 },
    ]);
    // Nothing in the way: straight, however far.
    expect(lateralArc(a, { x: 900, y: 0, width: 100, height: 40 })).toHaveLength(2);
    // A node in between: over the top of it, never behind it.
    const between: NodeBox = { x: 400, y: 0, width: 100, height: 40 };
    const arc = lateralArc(a, { x: 900, y: 0, width: 100, height: 40 }, [between]);
    expect(arc).toHaveLength(4);
    expect(polylineHits(arc, [between])).toEqual([]);
    expect(
      polylineHits(
        [
          { x: 100, y: 14 },
          { x: 900, y: 14 },
        ],
        [between],
      ),
    ).toEqual([between]);
    // A taller obstacle in the way of the arc raises it further.
    const tall: NodeBox = { x: 600, y: -200, width: 100, height: 240 };
    const high = lateralArc(a, { x: 900, y: 0, width: 100, height: 40 }, [between, tall]);
    expect(polylineHits(high, [between, tall])).toEqual([]);
    expect(high[1]!.y).toBeLessThan(-200);
    // Labels slide along their line off a node that covers the middle.
    const line = [
      { x: 0, y: 0 },
      { x: 0, y: 400 },
    ];
    expect(labelPoint(line, [])).toEqual({ x: 0, y: 200 });
    const p = labelPoint(line, [{ x: -50, y: 150, width: 100, height: 100 }], 'verifies');
    expect(p.y < 150 - 8 || p.y > 250 + 8).toBe(true);
    expect(
      pathData([
        { x: 0.04, y: 1 },
        { x: 2.25, y: 3 },
      ]),
    ).toBe('M0,1 L2.3,3');
  });
});

// ---------------------------------------------------------------------------------------------
describe('scene and SVG export', () => {
  const d = sampleGraph();
  const b = buildElkGraph(d);

  it('builds focusable nodes in reading order, edges with labels, and a standalone SVG', async () => {
    const layout = readElkLayout(d, b, await new ELK().layout(b.graph));
    const live = buildScene(d, layout, { mode: 'item', focus: 'REQ-002', interactive: true });
    const nodes = live.content.children![2]!.children!;
    expect(nodes.map((n) => n.attrs['data-id'])).toEqual(readingOrder(layout.nodes));
    expect(nodes.every((n) => n.attrs.tabindex === 0 && n.attrs.role === 'button')).toBe(true);
    expect(nodes.find((n) => n.attrs['data-id'] === 'REQ-002')!.attrs.class).toContain('focus');
    expect(live.content.children![1]!.children!).toHaveLength(7);

    const exported = buildScene(
      {
        ...d,
        nodes: d.nodes.map((n) => (n.id === 'TST-001' ? { ...n, title: '<script>alert("x")</script> & co' } : n)),
      },
      layout,
      {
        mode: 'impact',
        interactive: false,
      },
    );
    const svg = sceneToSvg(
      exported,
      graphCss((name, fallback) => (name === '--vscode-editor-background' ? '#101010' : fallback)),
      'Trace graph of REQ-002',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="ts-graph"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).not.toContain('tabindex');
    expect(svg).not.toContain('var(--');
    expect(svg).toContain('#101010');
    expect(svg).toContain('<title>TST-001 — ');
    expect(isFromWebviewMessage({ type: 'exportSvg', svg })).toBe(true);
    // The page's stylesheet uses the theme variables with fallbacks.
    expect(graphCss(cssVar)).toContain('var(--vscode-focusBorder, #007fd4)');
  });

  it('serialises elements and escapes attributes', () => {
    expect(
      serializeScene({
        tag: 'g',
        attrs: { 'data-id': 'a"<b>' },
        children: [{ tag: 'text', attrs: {}, text: '1 < 2' }],
      }).join(''),
    ).toBe('<g data-id="a&quot;&lt;b&gt;"><text>1 &lt; 2</text></g>');
    expect(serializeScene({ tag: 'rect', attrs: { width: 3 } }).join('')).toBe('<rect width="3"/>');
  });
});

// ---------------------------------------------------------------------------------------------
describe('readable graphs: lanes, wrapping, fit, colours', () => {
  const kinds = [
    { kind: 'need', label: 'User need', rank: 0 },
    { kind: 'requirement', label: 'Requirement', rank: 1 },
    { kind: 'hazard', label: 'Hazard', rank: 1 },
    { kind: 'validation', label: 'Validation', rank: 1 },
    { kind: 'test', label: 'Test', rank: 2 },
  ];
  const n = (id: string, kind: string) => ({
    id,
    kind,
    kindLabel: kind,
    title: id,
    status: '',
    file: `${id}.md`,
    line: 0,
  });

  it('validations get a lane of their own; hazards stay beside the requirements', () => {
    const data = {
      kinds,
      nodes: [
        n('UN-1', 'need'),
        n('REQ-1', 'requirement'),
        n('HAZ-1', 'hazard'),
        n('VAL-1', 'validation'),
        n('TST-1', 'test'),
      ],
      edges: [
        { from: 'REQ-1', to: 'UN-1', type: 'derives_from' },
        { from: 'REQ-1', to: 'HAZ-1', type: 'mitigates' },
        { from: 'VAL-1', to: 'UN-1', type: 'validates' },
        { from: 'TST-1', to: 'REQ-1', type: 'verifies' },
      ],
    };
    const bands = computeBands(data);
    expect(bands.kinds).toEqual([['need'], ['requirement', 'hazard'], ['validation'], ['test']]);
    const { layer } = computeLayers(data);
    expect(layer.get('HAZ-1')).toBe(layer.get('REQ-1'));
    expect(layer.get('VAL-1')).toBeGreaterThan(layer.get('REQ-1')!);
    expect(layer.get('TST-1')).toBeGreaterThan(layer.get('VAL-1')!);
    // Two colours for validation and verification.
    expect(kindColorSlot('validation', 3)).not.toBe(kindColorSlot('test', 4));
  });

  it('wraps a wide layer into rows, nearest (first in the input) in the first row', () => {
    const tests = Array.from({ length: 10 }, (_, i) => n(`TST-${i + 1}`, 'test'));
    const data = {
      kinds,
      nodes: [n('REQ-1', 'requirement'), ...tests],
      edges: tests.map((t) => ({ from: t.id, to: 'REQ-1', type: 'verifies' })),
    };
    const flat = computeLayers(data);
    expect(new Set(tests.map((t) => flat.layer.get(t.id))).size).toBe(1);
    const wrapped = computeLayers(data, { wrap: 4 });
    const rows = tests.map((t) => wrapped.layer.get(t.id)! - wrapped.layer.get('REQ-1')!);
    expect(rows).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
    expect(wrapped.bandOfLayer.filter((b) => b === 1)).toHaveLength(3);
    // Row width: at least the columns readable at that zoom, about the view's shape for more.
    expect(wrapWidth(37, 1280, 800, 14 / 12)).toBe(6);
    expect(wrapWidth(4, 1280, 800, 14 / 12)).toBe(3);
  });

  it('fits to readable text: never below the editor font size, else the focus first', () => {
    expect(readableZoom(14)).toBeCloseTo(14 / 12);
    const small = { x: 0, y: 0, width: 400, height: 300 };
    expect(readableFit(small, 1280, 800, 14 / 12).k).toBeCloseTo(14 / 12);
    const big = { x: -170, y: -14, width: 3000, height: 2000 };
    const focus = { x: 1500, y: 900, width: 220, height: 64 };
    const t = readableFit(big, 1280, 800, 14 / 12, focus);
    expect(t.k).toBeCloseTo(14 / 12);
    // The focus is in the view.
    const fx = (focus.x + focus.width / 2) * t.k + t.x;
    const fy = (focus.y + focus.height / 2) * t.k + t.y;
    expect(fx).toBeCloseTo(640);
    expect(fy).toBeCloseTo(400);
    // Without a focus: the top left of the drawing.
    const tl = readableFit(big, 1280, 800, 14 / 12);
    expect(big.x * tl.k + tl.x).toBeCloseTo(24);
    expect(big.y * tl.k + tl.y).toBeCloseTo(24);
  });
});
