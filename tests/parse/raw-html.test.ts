// Raw HTML made only of plain phrasing tags (a <span lang>) needs no HTML parser to check; anything
// else that could be markup does, so that what the sanitizer removes is still reported.
import { describe, expect, it } from 'vitest';
import { needsHtmlParser } from '../../scripts/parse/html.ts';

describe('needsHtmlParser', () => {
  it('is false for text and plain phrasing tags on one line', () => {
    for (const source of ['No markup at all: 3 < 4, x <= y, a <- b.', 'The name (<span lang="zh-Hans">海外110</span>).', 'x<sup>2</sup>, <em class="a b">e</em>, line<br/>break, <bdo dir="rtl">x</bdo>']) {
      expect(needsHtmlParser(source), source).toBe(false);
    }
  });

  it('is true for any other tag, attribute, comment or declaration', () => {
    for (const source of [
      '<img src="a.png">',
      '<image src="a.png">', // HTML reads it as <img>
      '<span onclick="x()">a</span>',
      '<span style="background:url(x)">a</span>',
      '<a href="javascript:x()">a</a>',
      '<script>x()</script>',
      '<SPAN lang="en">a</SPAN>',
      '<span lang=en>a</span>',
      '> <span\n> onclick="x()">a</span>', // a tag across lines of a quote
      '<!-- a comment -->',
      '<https://example.org>',
      '<span lang="a&quot;">a</span>',
    ]) {
      expect(needsHtmlParser(source), source).toBe(true);
    }
  });
});
