import { SaxesParser, type SaxesTag } from 'saxes';
import { LineIndex, type Range } from '../model/range';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CaseProperty {
  readonly name: string;
  readonly value: string;
  /** The `<property>` element (or the `<testcase>` attribute GoogleTest used before 1.10). */
  readonly range: Range;
}

/** One `<testcase>` of a JUnit report, as the runner wrote it. */
export interface TestCase {
  readonly name: string;
  readonly classname: string;
  /** Names of the enclosing `<testsuite>` elements, outermost first. */
  readonly suites: readonly string[];
  /** The test's source file as the report gives it (pytest, GoogleTest, node --test, some jest setups). */
  readonly file?: string;
  /** 1-based line of the test in `file` (pytest's 0-based line is converted). */
  readonly line?: number;
  /** Properties of the case and of its enclosing suites. */
  readonly properties: readonly CaseProperty[];
  readonly outcome: Outcome;
  /** The failure, error or skip message, first line only. */
  readonly message?: string;
  /** The `<testcase>` start tag in the report. */
  readonly range: Range;
}

export interface JUnitReport {
  /** Workspace-relative path of the report. */
  readonly file: string;
  readonly cases: readonly TestCase[];
  /** Set when the file is not JUnit XML (or not XML): where and why. */
  readonly error?: { readonly message: string; readonly range: Range };
  /** The earliest `timestamp` of a suite, as written (ISO 8601 in every runner that writes one). */
  readonly timestamp?: string;
}

interface OpenSuite {
  readonly name: string;
  readonly properties: CaseProperty[];
  readonly file?: string;
}

interface OpenCase {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  outcome: Outcome;
  message?: string;
  properties: CaseProperty[];
  start: number;
  end: number;
  /** GoogleTest's `status="notrun"`, CTest's `status="disabled"`: skipped whatever else it says. */
  notRun: boolean;
}

const NO_PROPERTIES: CaseProperty[] = [];

const SKIP_STATUS = new Set(['notrun', 'disabled', 'skipped', 'suppressed']);

/**
 * Reads a JUnit XML report, tolerantly: the dialects of pytest (xunit1, xunit2), GoogleTest,
 * CTest, vitest, jest-junit, mocha-junit-reporter and `node --test` (cases outside any
 * suite) all validate against no schema, so only the shape they share is required: a
 * `<testsuites>` or `<testsuite>` root, `<testcase>` elements anywhere below it. `<failure>`
 * and `<error>` fail a case; `<skipped>` (pytest's xfail too) and a status of notrun,
 * disabled or skipped skip it. Anything else gives `error`, at its position; never throws.
 * `propertyNames`: the `<testcase>` attributes that count as properties (GoogleTest before
 * 1.10 wrote RecordProperty values as attributes).
 */
export function readJUnit(file: string, text: string, propertyNames: readonly string[] = []): JUnitReport {
  const cases: TestCase[] = [];
  const suites: OpenSuite[] = [];
  let lines: LineIndex | undefined;
  const rangeOf = (start: number, end: number): Range => (lines ??= new LineIndex(text)).rangeAt(start, end);
  let current: OpenCase | undefined;
  let pendingCases: { c: OpenCase; suites: string[]; props: CaseProperty[] }[] = [];
  let suiteNames: string[] | undefined;
  let property: { name: string; value: string | undefined; start: number; end: number; text: string } | undefined;
  let messageText: string | undefined;
  let root: string | undefined;
  let depth = 0;
  let zeroBasedLines = false;
  let suitesUnreliable = false;
  let timestamp: string | undefined;
  let error: { message: string; start: number; end: number } | undefined;
  const attrNames = new Set(propertyNames);

  const parser = new SaxesParser({ position: true });
  const tagStart = (): number => Math.max(0, text.lastIndexOf('<', parser.position - 1));
  parser.on('error', (e) => {
    if (error) return;
    const at = Math.min(parser.position, text.length);
    error = { message: `not XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`, start: Math.max(0, at - 1), end: at };
  });
  parser.on('opentag', (tag: SaxesTag) => {
    if (error) return;
    depth++;
    const a = tag.attributes as Record<string, string>;
    const name = localName(tag.name);
    if (root === undefined) {
      root = name;
      if (name !== 'testsuites' && name !== 'testsuite') {
        const s = tagStart();
        error = {
          message: `not a JUnit report: the root element is <${tag.name}>, not <testsuites> or <testsuite>`,
          start: s,
          end: s + 1 + tag.name.length,
        };
        return;
      }
      if (a.name === 'pytest') zeroBasedLines = true;
      // jest-junit names each file's suite after its first describe block, whichever block a test is in:
      // its names are not the tests' enclosing suites (the describe chain is in name and classname).
      if (a.name === 'jest tests') suitesUnreliable = true;
    }
    switch (name) {
      case 'testsuite': {
        if (a.name === 'pytest') zeroBasedLines = true;
        if (a.timestamp && (timestamp === undefined || a.timestamp < timestamp)) timestamp = a.timestamp;
        suites.push({ name: a.name ?? '', properties: [], ...(a.file ? { file: a.file } : {}) });
        suiteNames = undefined;
        return;
      }
      case 'testcase': {
        const start = tagStart();
        const line = a.line !== undefined && /^\d+$/.test(a.line) ? Number(a.line) : undefined;
        const status = (a.status ?? a.result ?? '').toLowerCase();
        const c: OpenCase = {
          name: a.name ?? '',
          classname: a.classname ?? a.class ?? '',
          outcome: 'passed',
          properties: [],
          start,
          end: parser.position,
          notRun: SKIP_STATUS.has(status) || SKIP_STATUS.has((a.result ?? '').toLowerCase()),
        };
        const f = a.file ?? suites[suites.length - 1]?.file;
        if (f) c.file = f;
        if (line !== undefined) c.line = line;
        for (const n of attrNames) {
          const v = a[n];
          if (v !== undefined) c.properties.push({ name: n, value: v, range: rangeOf(start, parser.position) });
        }
        current = c;
        return;
      }
      case 'failure':
      case 'error':
        if (current) {
          current.outcome = 'failed';
          current.message ??= firstLine(a.message ?? '');
          if (!current.message) messageText = '';
        }
        return;
      case 'skipped':
        if (current && current.outcome !== 'failed') {
          current.outcome = 'skipped';
          current.message ??= firstLine(a.message ?? '');
        }
        return;
      case 'property': {
        const start = tagStart();
        property = { name: a.name ?? '', value: a.value, start, end: parser.position, text: '' };
        return;
      }
      default:
        return;
    }
  });
  parser.on('text', (t) => {
    if (property) property.text += t;
    else if (messageText !== undefined) messageText += t;
  });
  parser.on('cdata', (t) => {
    if (property) property.text += t;
    else if (messageText !== undefined) messageText += t;
  });
  parser.on('closetag', (tag) => {
    if (error) return;
    depth--;
    const name = localName(tag.name);
    if (name === 'property' && property) {
      const p: CaseProperty = {
        name: property.name,
        value: property.value ?? property.text.trim(),
        range: rangeOf(property.start, property.end),
      };
      if (current) current.properties.push(p);
      else suites[suites.length - 1]?.properties.push(p);
      property = undefined;
    } else if ((name === 'failure' || name === 'error') && messageText !== undefined) {
      if (current && !current.message) current.message = firstLine(messageText.trim());
      messageText = undefined;
    } else if (name === 'testcase' && current) {
      if (current.notRun && current.outcome !== 'failed') current.outcome = 'skipped';
      // Cases of one suite share one list of its names (and of its properties, when there are any).
      suiteNames ??= suitesUnreliable ? [] : suites.map((s) => s.name);
      const props = suites.some((s) => s.properties.length > 0) ? suites.flatMap((s) => s.properties) : NO_PROPERTIES;
      pendingCases.push({ c: current, suites: suiteNames, props });
      current = undefined;
    } else if (name === 'testsuite') {
      // Suite properties (pytest's record_testsuite_property) may follow the cases: add them when the suite closes.
      const s = suites.pop();
      suiteNames = undefined;
      if (s && s.properties.length > 0) {
        for (const p of pendingCases) {
          if (p.suites.length <= suites.length) continue;
          if (p.props === NO_PROPERTIES) p.props = [];
          for (const x of s.properties) if (!p.props.includes(x)) p.props.push(x);
        }
      }
      if (suites.length === 0) flush();
    }
  });
  const flush = (): void => {
    for (const { c, suites: names, props } of pendingCases) {
      const properties =
        props.length === 0 ? c.properties : [...c.properties, ...props.filter((p) => !c.properties.includes(p))];
      cases.push({
        name: c.name,
        classname: c.classname,
        suites: names,
        ...(c.file !== undefined ? { file: c.file } : {}),
        ...(c.line !== undefined ? { line: zeroBasedLines ? c.line + 1 : c.line } : {}),
        properties,
        outcome: c.outcome,
        ...(c.message ? { message: c.message } : {}),
        range: rangeOf(c.start, c.end),
      });
    }
    pendingCases = [];
  };
  try {
    parser.write(text).close();
  } catch (e) {
    if (!error) error = { message: `not XML: ${(e as Error).message}`, start: 0, end: 0 };
  }
  flush();
  if (!error && root === undefined)
    error = { message: 'not a JUnit report: the file has no XML element', start: 0, end: 0 };
  void depth;
  if (error) return { file, cases: [], error: { message: error.message, range: rangeOf(error.start, error.end) } };
  return { file, cases, ...(timestamp !== undefined ? { timestamp } : {}) };
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function firstLine(s: string): string {
  const i = s.search(/\r?\n/);
  return (i < 0 ? s : s.slice(0, i)).trim().slice(0, 300);
}
