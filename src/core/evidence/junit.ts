import { SaxesParser, type SaxesTag } from 'saxes';
import { LineIndex, type Range } from '../model/range';
import { scanJUnit } from './junitScan';

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
  // The common shapes go through a fast scanner; anything it does not take in full goes to saxes
  // (docs/performance.md, "JUnit reading"). Both feed the same builder, so the reports are identical.
  const fast = new ReportBuilder(file, text, propertyNames);
  if (scanJUnit(text, fast)) return fast.finish();
  return readWithSaxes(file, text, propertyNames);
}

/** The tolerant reader on saxes: the referee for the fast scanner (./junitScan.ts), and its fallback. */
export function readWithSaxes(file: string, text: string, propertyNames: readonly string[] = []): JUnitReport {
  const b = new ReportBuilder(file, text, propertyNames);
  const parser = new SaxesParser({ position: true });
  const tagStart = (): number => Math.max(0, text.lastIndexOf('<', parser.position - 1));
  parser.on('error', (e) => {
    const at = Math.min(parser.position, text.length);
    b.fail(`not XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`, Math.max(0, at - 1), at);
  });
  parser.on('opentag', (tag: SaxesTag) => {
    if (b.failed) return;
    b.open(tag.name, tag.attributes as Record<string, string>, tagStart(), parser.position);
  });
  parser.on('text', (t) => b.text(t));
  parser.on('cdata', (t) => b.text(t));
  parser.on('closetag', (tag) => b.close(tag.name));
  try {
    parser.write(text).close();
  } catch (e) {
    b.fail(`not XML: ${(e as Error).message}`, 0, 0);
  }
  return b.finish();
}

/**
 * Builds a report from the events of an XML reader: a start tag (its name, attributes, and
 * where it starts and ends in the text), text and CDATA, an end tag (self-closing tags give
 * both). The first failure wins; after it, events are ignored.
 */
export class ReportBuilder {
  private readonly cases: TestCase[] = [];
  private readonly suites: OpenSuite[] = [];
  private lines: LineIndex | undefined;
  private current: OpenCase | undefined;
  private pendingCases: { c: OpenCase; suites: string[]; props: CaseProperty[] }[] = [];
  private suiteNames: string[] | undefined;
  private property: { name: string; value: string | undefined; start: number; end: number; text: string } | undefined;
  private messageText: string | undefined;
  private root: string | undefined;
  private zeroBasedLines = false;
  private suitesUnreliable = false;
  private timestamp: string | undefined;
  private error: { message: string; start: number; end: number } | undefined;
  private readonly attrNames: readonly string[];

  constructor(
    private readonly file: string,
    private readonly source: string,
    propertyNames: readonly string[],
  ) {
    this.attrNames = [...new Set(propertyNames)];
  }

  get failed(): boolean {
    return this.error !== undefined;
  }

  private rangeOf(start: number, end: number): Range {
    return (this.lines ??= new LineIndex(this.source)).rangeAt(start, end);
  }

  fail(message: string, start: number, end: number): void {
    if (!this.error) this.error = { message, start, end };
  }

  open(tagName: string, a: Record<string, string>, start: number, end: number): void {
    if (this.error) return;
    const name = localName(tagName);
    if (this.root === undefined) {
      this.root = name;
      if (name !== 'testsuites' && name !== 'testsuite') {
        this.error = {
          message: `not a JUnit report: the root element is <${tagName}>, not <testsuites> or <testsuite>`,
          start,
          end: start + 1 + tagName.length,
        };
        return;
      }
      if (a.name === 'pytest') this.zeroBasedLines = true;
      // jest-junit names each file's suite after its first describe block, whichever block a test is in:
      // its names are not the tests' enclosing suites (the describe chain is in name and classname).
      if (a.name === 'jest tests') this.suitesUnreliable = true;
    }
    switch (name) {
      case 'testsuite': {
        if (a.name === 'pytest') this.zeroBasedLines = true;
        if (a.timestamp && (this.timestamp === undefined || a.timestamp < this.timestamp)) this.timestamp = a.timestamp;
        this.suites.push({ name: a.name ?? '', properties: [], ...(a.file ? { file: a.file } : {}) });
        this.suiteNames = undefined;
        return;
      }
      case 'testcase': {
        const line = a.line !== undefined && /^\d+$/.test(a.line) ? Number(a.line) : undefined;
        const status = (a.status ?? a.result ?? '').toLowerCase();
        const c: OpenCase = {
          name: a.name ?? '',
          classname: a.classname ?? a.class ?? '',
          outcome: 'passed',
          properties: [],
          start,
          end,
          notRun: SKIP_STATUS.has(status) || SKIP_STATUS.has((a.result ?? '').toLowerCase()),
        };
        const f = a.file ?? this.suites[this.suites.length - 1]?.file;
        if (f) c.file = f;
        if (line !== undefined) c.line = line;
        for (const n of this.attrNames) {
          const v = a[n];
          if (v !== undefined) c.properties.push({ name: n, value: v, range: this.rangeOf(start, end) });
        }
        this.current = c;
        return;
      }
      case 'failure':
      case 'error':
        if (this.current) {
          this.current.outcome = 'failed';
          this.current.message ??= firstLine(a.message ?? '');
          if (!this.current.message) this.messageText = '';
        }
        return;
      case 'skipped':
        if (this.current && this.current.outcome !== 'failed') {
          this.current.outcome = 'skipped';
          this.current.message ??= firstLine(a.message ?? '');
        }
        return;
      case 'property': {
        this.property = { name: a.name ?? '', value: a.value, start, end, text: '' };
        return;
      }
      default:
        return;
    }
  }

  text(t: string): void {
    if (this.property) this.property.text += t;
    else if (this.messageText !== undefined) this.messageText += t;
  }

  close(tagName: string): void {
    if (this.error) return;
    const name = localName(tagName);
    const property = this.property;
    const current = this.current;
    if (name === 'property' && property) {
      const p: CaseProperty = {
        name: property.name,
        value: property.value ?? property.text.trim(),
        range: this.rangeOf(property.start, property.end),
      };
      if (current) current.properties.push(p);
      else this.suites[this.suites.length - 1]?.properties.push(p);
      this.property = undefined;
    } else if ((name === 'failure' || name === 'error') && this.messageText !== undefined) {
      if (current && !current.message) current.message = firstLine(this.messageText.trim());
      this.messageText = undefined;
    } else if (name === 'testcase' && current) {
      if (current.notRun && current.outcome !== 'failed') current.outcome = 'skipped';
      // Cases of one suite share one list of its names (and of its properties, when there are any).
      this.suiteNames ??= this.suitesUnreliable ? [] : this.suites.map((s) => s.name);
      const props = this.suites.some((s) => s.properties.length > 0)
        ? this.suites.flatMap((s) => s.properties)
        : NO_PROPERTIES;
      this.pendingCases.push({ c: current, suites: this.suiteNames, props });
      this.current = undefined;
    } else if (name === 'testsuite') {
      // Suite properties (pytest's record_testsuite_property) may follow the cases: add them when the suite closes.
      const s = this.suites.pop();
      this.suiteNames = undefined;
      if (s && s.properties.length > 0) {
        for (const p of this.pendingCases) {
          if (p.suites.length <= this.suites.length) continue;
          if (p.props === NO_PROPERTIES) p.props = [];
          for (const x of s.properties) if (!p.props.includes(x)) p.props.push(x);
        }
      }
      if (this.suites.length === 0) this.flush();
    }
  }

  private flush(): void {
    for (const { c, suites: names, props } of this.pendingCases) {
      const properties =
        props.length === 0 ? c.properties : [...c.properties, ...props.filter((p) => !c.properties.includes(p))];
      this.cases.push({
        name: c.name,
        classname: c.classname,
        suites: names,
        ...(c.file !== undefined ? { file: c.file } : {}),
        ...(c.line !== undefined ? { line: this.zeroBasedLines ? c.line + 1 : c.line } : {}),
        properties,
        outcome: c.outcome,
        ...(c.message ? { message: c.message } : {}),
        range: this.rangeOf(c.start, c.end),
      });
    }
    this.pendingCases = [];
  }

  finish(): JUnitReport {
    this.flush();
    if (!this.error && this.root === undefined)
      this.error = { message: 'not a JUnit report: the file has no XML element', start: 0, end: 0 };
    const file = this.file;
    if (this.error)
      return {
        file,
        cases: [],
        error: { message: this.error.message, range: this.rangeOf(this.error.start, this.error.end) },
      };
    return { file, cases: this.cases, ...(this.timestamp !== undefined ? { timestamp: this.timestamp } : {}) };
  }
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function firstLine(s: string): string {
  const i = s.search(/\r?\n/);
  return (i < 0 ? s : s.slice(0, i)).trim().slice(0, 300);
}
