import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { evaluateProse, HelperProblem, registerDataHelpers, type HelperContext } from '../../scripts/data/prose-values.ts';
import { Reporter } from '../../scripts/messages.ts';
import type { Dataset, Datasets, Row } from '../../scripts/types.ts';
import { formatDiagnostics } from './support.ts';

function dataset(name: string, rows: Row[], types: Record<string, Dataset['columns'][number]['type']>): Dataset {
  return { name, file: `data/${name}.csv`, columns: Object.entries(types).map(([n, type]) => ({ name: n, type })), rows, rowLines: rows.map((_, i) => i + 2), key: [] };
}

const outposts = dataset(
  'outposts',
  [
    { code: 'IT', city: 'Aldoria', staff: 1200, opened: '2016-04-01' },
    { code: 'IT', city: 'Corvin', staff: 34, opened: null },
    { code: 'FR', city: 'Bexley', staff: 2016, opened: '2019-01-01' },
    { code: 'DE', city: 'Durnstein', staff: null, opened: '2015-06-30' },
  ],
  { code: 'string', city: 'string', staff: 'integer', opened: 'date' },
);
const datasets: Datasets = new Map([['outposts', outposts]]);
type CompileOptions = Parameters<typeof Handlebars.compile>[1];
const place = { file: 'content/demo/chapters/one.md', line: 4, column: 10 };

function prose(text: string, over: Partial<HelperContext> = {}): { out: string; diagnostics: string[] } {
  const reporter = new Reporter();
  const out = evaluateProse({ text, place, ctx: { datasets, language: 'en', ...over }, reporter });
  return { out, diagnostics: formatDiagnostics(reporter.diagnostics) };
}

describe('data values in prose', () => {
  it.each([
    ['{{count outposts}} outposts', '4 outposts'],
    ["{{count outposts where=\"code == 'IT'\"}}", '2'],
    ["{{count outposts where='staff > 100'}}", '2'],
    ['{{distinct outposts "code"}}', '3'],
    ['{{distinct outposts "opened"}}', '3'], // nulls are not a value
    ['{{sum outposts "staff"}}', '3,250'],
    ["{{sum outposts \"staff\" where=\"code == 'IT'\"}}", '1,234'],
    ['{{min outposts "staff"}}–{{max outposts "staff"}}', '34–2016'], // column values read as in tables: no grouping below 10,000
    ['{{min outposts "opened"}} to {{max outposts "opened"}}', '2015-06-30 to 2019-01-01'],
    ["{{max outposts \"staff\" where=\"code == 'XX'\"}}", '—'],
    ['{{format 1234567.5}}', '1,234,567.5'],
    ['{{format (sum outposts "staff")}}', '3,250'],
    ['{{format "42"}}', '42'],
    ['{{country "IT"}}, {{country "fr"}}, {{country \'GB\'}}', 'Italy, France, United Kingdom'],
    ['{{ count   outposts }}', '4'],
    ['no values here', 'no values here'],
    ['a {single} brace', 'a {single} brace'],
  ])('%s', (text, expected) => {
    expect(prose(text)).toEqual({ out: expected, diagnostics: [] });
  });

  it('formats in the brief language', () => {
    expect(prose('{{sum outposts "staff"}} · {{format 1234567.5}} · {{country "DE"}} · {{country "IT"}}', { language: 'fr' }).out).toBe('3\u202f250 · 1\u202f234\u202f567,5 · Allemagne · Italie');
    expect(prose('{{format 1234567.5}} · {{country "DE"}}', { language: 'de-AT' }).out).toBe('1\u00a0234\u00a0567,5 · Deutschland');
  });

  it('counts only the pack country under a scope', () => {
    expect(prose('{{count outposts}} / {{sum outposts "staff"}}', { scope: { column: 'code', value: 'IT' } }).out).toBe('2 / 1,234');
  });

  it.each([
    ['x {{average outposts "staff"}}', 'content/demo/chapters/one.md:4:12 helper-unknown: unknown helper "average"'],
    ['{{count outpost}}', 'content/demo/chapters/one.md:4:10 dataset-unknown: unknown dataset "outpost"'],
    ['ab {{sum outposts "salary"}}', 'content/demo/chapters/one.md:4:13 column-unknown: dataset "outposts" has no column "salary"'],
    ['{{sum outposts "city"}}', 'content/demo/chapters/one.md:4:10 helper-arguments: {{sum}} needs a numeric column; "city" holds string values'],
    ['{{distinct outposts code}}', 'content/demo/chapters/one.md:4:10 helper-arguments: {{distinct}} takes the column in quotes: "code"'],
    ["{{count outposts where=\"code = 'IT'\"}}", `content/demo/chapters/one.md:4:10 where-syntax: where="code = 'IT'" cannot be read: unknown operator "=": write == to compare`],
    ["{{count outposts where=\"cod == 'IT'\"}}", 'content/demo/chapters/one.md:4:10 column-unknown: dataset "outposts" has no column "cod"'],
    ['{{count}}', 'content/demo/chapters/one.md:4:10 helper-arguments: {{count}} needs a dataset first'],
    ['{{country "Freedonia"}}', 'content/demo/chapters/one.md:4:10 helper-arguments: {{country}} "Freedonia" is not an ISO 3166-1 alpha-2 country code'],
    ['{{{count outposts}}}', 'content/demo/chapters/one.md:4:10 prose-template: raw HTML through {{{…}}} is not allowed in prose'],
    ['{{#each outposts}}', 'content/demo/chapters/one.md:4:10 prose-template: a {{#…}} block is not allowed in prose'],
    ['{{> footer}}', 'content/demo/chapters/one.md:4:10 prose-template: a {{>…}} partial is not allowed in prose'],
    ['{{! note }}', 'content/demo/chapters/one.md:4:10 prose-template: a {{!…}} comment is not allowed in prose'],
    ['{{count outposts', 'content/demo/chapters/one.md:4:10 prose-syntax: {{…}} cannot be read: it is never closed with }}'],
    ['{{count "outposts}}', 'content/demo/chapters/one.md:4:10 prose-syntax: {{…}} cannot be read: a string opened with " is never closed'],
    ['{{}}', 'content/demo/chapters/one.md:4:10 prose-syntax: {{…}} cannot be read: it is empty'],
  ])('%s is located at its {{', (text, diagnostic) => {
    const { out, diagnostics } = prose(text);
    expect(diagnostics).toEqual([diagnostic]);
    expect(out).toBe(text); // left as written, so the preview shows where
  });

  it('locates on the right line of a multi-line text', () => {
    expect(prose('first line\n  then {{nope}}').diagnostics).toEqual(['content/demo/chapters/one.md:5:8 helper-unknown: unknown helper "nope"']);
  });

  it('keeps evaluating after a problem', () => {
    const { out, diagnostics } = prose('{{nope}} and {{count outposts}}');
    expect(out).toBe('{{nope}} and 4');
    expect(diagnostics).toHaveLength(1);
  });
});

describe('the same helpers in Handlebars templates', () => {
  const hb = Handlebars.create();
  registerDataHelpers(hb, { datasets, language: 'en' });

  it('takes datasets from the context or by name', () => {
    const template = hb.compile('{{count outposts}} · {{sum outposts "staff" where="code == \'IT\'"}} · {{format (sum outposts "staff")}} · {{country "IT"}}');
    expect(template({ outposts })).toBe('4 · 1,234 · 3,250 · Italy');
    expect(hb.compile('{{count "outposts"}}')({})).toBe('4');
    // trackIds is a real compile option that the type definitions omit.
    expect(hb.compile('{{count outposts}}', { trackIds: true } as CompileOptions)({})).toBe('4');
  });

  it('escapes what it prints', () => {
    const tiny = dataset('tiny', [{ name: '<b>x</b>', n: 1 }], { name: 'string', n: 'integer' });
    const h2 = Handlebars.create();
    registerDataHelpers(h2, { datasets: new Map([['tiny', tiny]]), language: 'en' });
    expect(h2.compile('{{country "IT"}}{{count "tiny"}}')({})).toBe('Italy1');
  });

  it('throws a HelperProblem with the rule', () => {
    expect(() => hb.compile('{{count "nope"}}')({})).toThrow(HelperProblem);
    try {
      hb.compile('{{sum "outposts" "nope"}}')({});
    } catch (e) {
      expect((e as HelperProblem).rule).toBe('column-unknown');
    }
  });
});

describe('plural and select in prose', () => {
  it.each([
    ['en', "{{plural (count outposts where=\"code == 'FR'\") one=\"# outpost\" other=\"# outposts\"}}", '1 outpost'],
    ['en', '{{plural (count outposts) one="# outpost" other="# outposts"}}', '4 outposts'],
    ['en', '{{plural (sum outposts "staff") one="# person" other="# people"}}', '3,250 people'],
    ['fr', '{{plural (sum outposts "staff") one="# agent" other="# agents"}}', '3\u202f250 agents'],
    ['ru', "{{plural (count outposts where=\"code == 'FR'\") one=\"# пост\" few=\"# поста\" many=\"# постов\" other=\"# поста\"}}", '1 пост'],
    ['ru', "{{plural (count outposts where=\"code != 'FR'\") one=\"# пост\" few=\"# поста\" many=\"# постов\" other=\"# поста\"}}", '3 поста'],
    ['ru', '{{plural 5 one="# пост" few="# поста" many="# постов" other="# поста"}}', '5 постов'],
    ['ar', '{{plural 2 one="مكتب واحد" two="مكتبان" few="# مكاتب" many="# مكتبًا" other="# مكتب"}}', 'مكتبان'],
    ['ar', '{{plural 11 one="مكتب واحد" two="مكتبان" few="# مكاتب" many="# مكتبًا" other="# مكتب"}}', '11 مكتبًا'],
    ['zh-Hans', '{{plural (count outposts) other="# 个办事处"}}', '4 个办事处'],
    ['en', '{{select (max outposts "opened") other="later"}}', 'later'],
  ])('%s: %s → %s', (language, text, expected) => {
    expect(prose(text, { language })).toEqual({ out: expected, diagnostics: [] });
  });

  it('picks a select option by the value, else other', () => {
    expect(prose('{{select (count outposts) other="some"}}').out).toBe('some');
    expect(prose('{{select "IT" IT="Italy" other="elsewhere"}}').out).toBe('Italy');
    expect(prose('{{select "FR" IT="Italy" other="elsewhere"}}').out).toBe('elsewhere');
  });

  it('reports a missing other= at the {{, with the forms of the language', () => {
    const reporter = new Reporter();
    const text = 'Wells: {{plural (count outposts) one="# outpost"}}';
    expect(evaluateProse({ text, place, ctx: { datasets, language: 'ru' }, reporter })).toBe(text);
    const [d] = reporter.diagnostics;
    expect([d.rule, d.column, d.hint]).toEqual(['plural-other-missing', 17, expect.stringContaining('in this language: one, few, many, other')]);
    expect(prose('{{select "IT" IT="Italy"}}').diagnostics).toEqual([expect.stringContaining('plural-other-missing: {{select}} has no other="…" form')]);
  });

  it('refuses a plural of something that is not a number', () => {
    expect(prose('{{plural "many" other="# things"}}').diagnostics.join('\n')).toContain('needs a number first');
  });
});

describe('country names in Chinese', () => {
  it('come from CLDR, in the script of the brief: 台湾 / 台灣, 奥地利 / 奧地利', () => {
    expect(prose('{{country "TW"}}, {{country "AT"}}', { language: 'zh-Hans' }).out).toBe('台湾, 奥地利');
    expect(prose('{{country "TW"}}, {{country "AT"}}', { language: 'zh-Hant' }).out).toBe('台灣, 奧地利');
  });
});
