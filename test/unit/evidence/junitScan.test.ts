/**
 * The JUnit reader's fast scanner (src/core/evidence/junitScan.ts) against saxes, the referee:
 * wherever the scanner takes a text, the report is the one saxes gives, field for field and
 * position for position; where it does not, readJUnit's answer is saxes's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJUnit, readWithSaxes, ReportBuilder } from '../../../src/core/evidence/junit';
import { scanJUnit } from '../../../src/core/evidence/junitScan';

const PROPS = ['verifies', 'tested-item-id', 'requirements'];

function fast(text: string): ReturnType<typeof readJUnit> | undefined {
  const b = new ReportBuilder('r.xml', text, PROPS);
  return scanJUnit(text, b) ? b.finish() : undefined;
}

const FIXTURES = join(__dirname, '../../fixtures/junit');

describe('the fast JUnit scanner', () => {
  it('takes every runner’s report whole, with the report saxes gives', () => {
    for (const runner of readdirSync(FIXTURES).sort()) {
      const text = readFileSync(join(FIXTURES, runner, 'junit.xml'), 'utf8');
      const got = fast(text);
      expect(got, runner).toBeDefined();
      expect(got, runner).toEqual(readWithSaxes('r.xml', text, PROPS));
      expect(got!.cases.length, runner).toBeGreaterThan(0);
    }
  });

  it('takes line ends, tabs, entities and CDATA the way saxes reads them', () => {
    const wrap = (inner: string): string =>
      `<testsuites>\r\n<testsuite name="s&amp;t">${inner}</testsuite></testsuites>`;
    const cases = [
      '<testcase name="a"><properties><property name="verifies">REQ-1\r\nREQ-2\rREQ-3</property></properties></testcase>',
      '<testcase name="a"><properties><property name="verifies"><![CDATA[REQ-1\r\nREQ-2]]></property></properties></testcase>',
      '<testcase name="a\r\nb\tc\nd&#10;e&#9;f&#13;g" classname=\'q&quot;&apos;&lt;&gt;\'/>',
      '<testcase name="a"><failure>&lt;boom&gt; &#x41;&#66;\r\nsecond line</failure></testcase>',
      '<testcase name="a"><error message=""><![CDATA[  trace & <stack>  ]]></error></testcase>',
      '<!-- before --><testcase name="REQ-1 x" ><skipped /></testcase ><!-- after -->',
    ];
    for (const inner of cases) {
      const text = wrap(inner);
      const got = fast(text);
      expect(got, inner).toBeDefined();
      expect(got, inner).toEqual(readWithSaxes('r.xml', text, PROPS));
    }
  });

  it('hands over what it does not take in full (saxes then gives the error)', () => {
    const cases = [
      '<!DOCTYPE testsuites><testsuites/>',
      '<?xml-stylesheet href="x"?><testsuites/>',
      '  <?xml version="1.0"?><testsuites/>',
      '<testsuites><testcase name="a &foo; b"/></testsuites>',
      '<testsuites><testcase name="a" name="b"/></testsuites>',
      '<testsuites><testsuite></testsuites>',
      '<testsuites>x ]]> y</testsuites>',
      '<testsuites/><testsuites/>',
      '<testsuites><testcase name="&#0;"/></testsuites>',
      '<j:testsuites xmlns:j="urn:x"/>',
      '\uFEFF<testsuites/>',
      '',
      'not xml',
    ];
    for (const text of cases) {
      expect(fast(text), text).toBeUndefined();
      expect(readJUnit('r.xml', text, PROPS), text).toEqual(readWithSaxes('r.xml', text, PROPS));
    }
    // The report is not JUnit: the builder's own finding, as saxes gives it.
    expect(fast('<?xml version="1.0"?>\n<html><body/></html>')).toEqual(
      readWithSaxes('r.xml', '<?xml version="1.0"?>\n<html><body/></html>', PROPS),
    );
  });

  it('gives the report saxes gives, on generated reports of every shape (fast-check)', () => {
    const ws = fc.constantFrom('', ' ', '\n', '\r\n', '\n    ', '\t', '\r');
    const word = fc.constantFrom('REQ-1', 'TST-3', 'rate', 'limits the rate', 'a>b', 'x y', '', 'REQ-99', 'ünï', 'ünï');
    const entity = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#10;', '&#x41;', '&#9;') },
      { weight: 1, arbitrary: fc.constantFrom('&#0;', '&bogus;', '&') },
    );
    const attrText = fc
      .array(fc.oneof(word, entity, fc.constantFrom('\t', '\n', '\r\n', ' ', "'", '"')), { maxLength: 4 })
      .map((p) => p.join(''));
    const attr = fc.tuple(
      fc.constantFrom(
        'name',
        'classname',
        'file',
        'line',
        'status',
        'result',
        'message',
        'value',
        'timestamp',
        'verifies',
        'time',
      ),
      attrText,
      fc.constantFrom('"', "'"),
      ws,
    );
    // Names once each (a duplicate is saxes's error: the hand-over test has one).
    const attrs = fc
      .uniqueArray(attr, { selector: (a) => a[0], maxLength: 4 })
      .map((list) => list.map(([n, v, q, w]) => ` ${n}${w === '\r' ? '' : w}=${q}${v.split(q).join('')}${q}`).join(''));
    const text = fc
      .array(
        fc.oneof(
          {
            weight: 12,
            arbitrary: fc.oneof(
              word,
              entity,
              ws,
              fc.constantFrom('<![CDATA[a < b & c]]>', '<![CDATA[x\r\ny]]>', '<!-- note -->'),
            ),
          },
          { weight: 1, arbitrary: fc.constantFrom(']]>', '<!-- a -- b -->', '<', '\u0001') },
        ),
        {
          maxLength: 4,
        },
      )
      .map((p) => p.join(''));
    const leaf = fc.oneof(
      fc
        .tuple(fc.constantFrom('failure', 'error', 'skipped', 'system-out', 'property'), attrs, text)
        .map(([t, a, x]) => (x === '' ? `<${t}${a}/>` : `<${t}${a}>${x}</${t}>`)),
      text,
    );
    const properties = fc
      .array(fc.tuple(attrs, text), { maxLength: 3 })
      .map(
        (ps) =>
          `<properties>${ps.map(([a, x]) => (x ? `<property${a}>${x}</property>` : `<property${a}/>`)).join('')}</properties>`,
      );
    const testcase = fc
      .tuple(attrs, fc.array(fc.oneof(leaf, properties), { maxLength: 3 }), ws, fc.boolean())
      .map(([a, kids, w, self]) =>
        self && kids.length === 0 ? `<testcase${a}/>${w}` : `<testcase${a}>${kids.join(w)}</testcase>${w}`,
      );
    const { suite } = fc.letrec((tie) => ({
      suite: fc
        .tuple(
          attrs,
          fc.array(fc.oneof({ weight: 4, arbitrary: testcase }, { weight: 1, arbitrary: tie('suite') }, properties), {
            maxLength: 4,
          }),
          ws,
        )
        .map(([a, kids, w]) => `<testsuite${a}>${w}${(kids as string[]).join(w)}</testsuite>${w}`),
    }));
    const doc = fc
      .tuple(
        fc.constantFrom(
          '',
          '<?xml version="1.0" encoding="UTF-8"?>\n',
          "<?xml version='1.0'?>",
          '<?xml version="1.1"?>',
          '<!-- gen -->\n',
        ),
        fc.constantFrom('testsuites', 'testsuites', 'testsuite', 'report'),
        attrs,
        fc.array(fc.oneof(suite, testcase), { maxLength: 3 }),
        ws,
        fc.constantFrom('', '\n', '<!-- end -->', '', '\n', 'junk', '<x/>'),
      )
      .map(([decl, root, a, kids, w, tail]) => `${decl}<${root}${a}>${w}${kids.join(w)}</${root}>${tail}`);
    // Damage: cut it, or drop or double a character, somewhere.
    const damaged = fc
      .tuple(doc, fc.nat(), fc.constantFrom('cut', 'drop', 'double', 'none', 'none', 'none', 'none', 'none', 'none'))
      .map(([d, at, how]) => {
        const k = d.length === 0 ? 0 : at % d.length;
        return how === 'cut'
          ? d.slice(0, k)
          : how === 'drop'
            ? d.slice(0, k) + d.slice(k + 1)
            : how === 'double'
              ? d.slice(0, k) + d[k] + d.slice(k)
              : d;
      });
    let taken = 0;
    let total = 0;
    fc.assert(
      fc.property(damaged, (xml) => {
        total++;
        const referee = readWithSaxes('r.xml', xml, PROPS);
        const got = fast(xml);
        if (got !== undefined) {
          taken++;
          expect(got).toEqual(referee);
        }
        expect(readJUnit('r.xml', xml, PROPS)).toEqual(referee);
      }),
      { numRuns: 1500, seed: 20261203 },
    );
    // The fast path must carry a good share of them (the rest is damaged on purpose), or it proves nothing.
    expect(taken / total).toBeGreaterThan(0.25);
  });
});
