// The rule reference (docs/rules.md), from the message catalogue: every rule an author can meet,
// its severity, its message with the parts that vary in <angle brackets>, and what to do.
import { catalogue } from './messages.ts';

/** Arguments that print as their own names, so a message reads as its template. */
const placeholders = new Proxy({}, { get: (_, name) => `<${String(name)}>` }) as Record<string, string>;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function ruleReference(): string {
  const rows = Object.entries(catalogue).map(([id, r]) => {
    const rule = r as { severity: string; text: (a: Record<string, string>) => string; hint: (a: Record<string, string>) => string };
    return `| \`${id}\` | ${rule.severity} | ${cell(rule.text(placeholders))} | ${cell(rule.hint(placeholders))} |`;
  });
  return [
    '# Rules',
    '',
    'Every message briefkit gives an author, by rule id, as `brief check` prints it:',
    '`file:line:col: severity message [rule-id]` and the hint on the next line.',
    'Generated from `scripts/messages.ts` by `npm run docs`; a test fails when it is out of date.',
    '',
    '| rule | severity | message | what to do |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
