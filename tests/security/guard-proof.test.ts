// The guard (render/guard.ts) first tries to prove a page safe without parsing it, and parses it
// with parse5 only when that fails. The proof may fail to prove; it must never pass a page parse5
// would refuse. Checked here against unsafeParts() (parse5 and hast, the guard's own reference) on
// tokenizer edge cases written to mislead a scanner, and on thousands of pages made from them by
// random edits with the characters that change how HTML is read.
import { describe, expect, it } from 'vitest';
import { guardHtml, provablySafe, unsafeParts } from '../../scripts/render/guard.ts';

const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>\n${body}</body></html>`;

/** Whether guardHtml refuses `html` (for the print HTML too, which may link font files). */
function refuses(html: string, print: boolean): boolean {
  try {
    guardHtml(html, { output: 'x.html', print });
    return false;
  } catch {
    return true;
  }
}

const MISLEADING = [
  `<a title='x'onclick="y()">a</a>`, // no space after a quoted value: still an attribute
  `<a/onclick="y()">a</a>`, // a slash separates attributes
  `<a x="1"/onclick="y()">a</a>`,
  `<p\fonclick="y()">p</p>`, // form feed is whitespace
  `<p\vonclick="y()">p</p>`, // vertical tab is not
  `<p\u00a0onclick="y()">p</p>`, // nor is a no-break space
  `<p\r\nonclick="y()">p</p>`,
  `<!-- <a title=" -->\n<img src=x onerror="y()">" -->`, // a tag inside what looks like a value
  `<p title="<img src=x onerror=y()>">t</p>`, // the other way round: text that looks like a tag
  `<a href="&#106;avascript:y()">a</a>`,
  `<a href="&#x6A;avascript:y()">a</a>`,
  `<a href="javascript&colon;y()">a</a>`,
  `<a href="java&#x09;script:y()">a</a>`,
  `<a href="#" href="javascript:y()">a</a>`, // the parser keeps the first
  `<a href="javascript:y()" href="#">a</a>`,
  `<A HREF=JAVASCRIPT:y()>a</A>`,
  `<a href=javascript:y()/>a</a>`,
  `<image src="http://e.example/p.png">`,
  `<style>p{}</stylex>p{background:url(http://e.example/p.png)}</style>`, // not its end tag
  `<style>p{}</style >p{background:url(http://e.example/p.png)}`,
  `<svg><style>&#117;rl(http://e.example/p.png)</style></svg>`, // references decoded in SVG
  `<svg><style>p{background:&#117;rl(http://e.example/p.png)}</style></svg>`,
  `<svg><style><img src=x onerror="y()"></style></svg>`,
  `<svg><a xlink:href="javascript:y()">a</a></svg>`,
  `<svg><a XLINK:HREF="javascript:y()">a</a></svg>`,
  `<math><mtext><img src="http://e.example/p.png"></mtext></math>`,
  `<p style="background:&#117;rl(http://e.example/p.png)">p</p>`,
  `<p style='behavior:url(x.htc)'>p</p>`,
  `<meta http-equiv=refresh content="0;url=http://e.example/">`,
  `<link rel=alternate hreflang=fr href="./x.fr.html">`,
  `<link rel="alternate" hreflang="fr" href="http://e.example/x.html">`,
  `<a href="file:///etc/passwd">a</a>`,
  `<img src="file:///usr/share/fonts/x.woff2">`,
  `<p onclick>p</p>`,
  `<p =onclick="y()">p</p>`,
  `<p "onclick="y()">p</p>`,
  `<p on\u0000click="y()">p</p>`,
  `<x:script>y()</x:script>`,
  `<scr<script>ipt>y()</script>`,
  `<noscript><p>x</p></noscript>`,
  `<textarea><script>y()</script></textarea>`,
  `<title><img src=x onerror=y()></title>`,
  `<plaintext><img src=x onerror=y()>`,
  `<p>a < b and c<d</p>`,
  `<p>&lt;script&gt;</p>`,
  `<a href="https://e.example/?a=1&amp;b=2">a</a>`,
  `<img src="data:image/png;base64,AAAA" alt="">`,
  `<svg viewBox="0 0 1 1"><path d="M0 0" style="fill:#000"/><text>onload=</text></svg>`,
];

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const EDITS = ['<', '>', '"', "'", '/', '=', ' ', '\t', '\n', '\r', '\f', '\v', '&', ';', '#', '-', '!', '?', '\u00a0', '\0', 'a', 'on', 'src', 'href', 'style', 'svg', 'javascript:', 'url(', '&#106;', '</style>', '<!--', '-->'];

describe('the guard\'s fast proof', () => {
  it('refuses and passes each misleading page exactly as parse5 does', () => {
    for (const body of MISLEADING) {
      for (const print of [false, true]) {
        const html = page(body);
        const parsed = unsafeParts(html, { allowFile: print }).findings.length > 0;
        expect(refuses(html, print), JSON.stringify(body)).toBe(parsed);
        if (parsed) expect(provablySafe(html, print), JSON.stringify(body)).toBe(false);
      }
    }
  });

  it('never passes a page parse5 would refuse, over thousands of random edits', () => {
    const next = random(20261205);
    const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    let refusedByBoth = 0;
    for (let i = 0; i < 3000; i++) {
      let body = [pick(MISLEADING), pick(MISLEADING), pick(MISLEADING)].join('\n');
      for (let k = 1 + Math.floor(next() * 4); k > 0; k--) {
        const at = Math.floor(next() * (body.length + 1));
        body = next() < 0.25 ? body.slice(0, at) + body.slice(at + 1 + Math.floor(next() * 3)) : body.slice(0, at) + pick(EDITS) + body.slice(at);
      }
      const html = page(body);
      const print = next() < 0.5;
      const parsed = unsafeParts(html, { allowFile: print }).findings.length > 0;
      expect(refuses(html, print), JSON.stringify(body)).toBe(parsed);
      if (parsed) {
        expect(provablySafe(html, print), JSON.stringify(body)).toBe(false);
        refusedByBoth++;
      }
    }
    // The edits must leave both kinds: pages to refuse and pages to pass.
    expect(refusedByBoth).toBeGreaterThan(300);
    expect(refusedByBoth).toBeLessThan(2900);
  });

  it('proves the pages briefkit writes without parsing them', () => {
    // A page of the kinds of markup the pipeline writes: headings, notes, tables, an inline chart.
    const body = [
      '<h1 id="context">Context</h1><p class="lead" data-src="content/a/chapters/context.md:3:1">Ports handle <a href="#fn-1" id="fnref-1" class="footnote-ref" aria-describedby="footnote-label">1</a> of trade.</p>',
      '<table><thead><tr><th scope="col">Port</th><th scope="col" style="text-align:right">TEU</th></tr></thead><tbody><tr><td>Rotterdam</td><td style="text-align:right">13,400</td></tr></tbody></table>',
      '<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-label="chart"><g transform="translate(1,1)"><path d="M0 0L5 5" style="fill:none;stroke:#16365c"/><text x="1" y="2">2024</text></g></svg></figure>',
      '<style>p{font-family:"Source Serif 4"} @font-face{font-family:x;src:url(data:font/woff2;base64,AAAA)}</style>',
    ].join('\n');
    expect(unsafeParts(page(body)).findings).toEqual([]);
    expect(provablySafe(page(body), false)).toBe(true);
    expect(provablySafe(page(body), true)).toBe(true);
  });
});
