// The sample brief's Simplified Chinese edition (no browser): it checks clean, its translated chapters
// are current, and every note has the number it has in English, so note 14 is note 14 in both.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineContext, prepare } from '../../scripts/pipeline.ts';
import { translationStates } from '../../scripts/translate/drift.ts';

const root = path.resolve(import.meta.dirname, '../..');
const name = '110-overseas';

describe('the sample brief in Simplified Chinese', () => {
  it('checks clean, in step with the English chapters, with the same note numbers', async () => {
    const ctx = pipelineContext(root);
    const en = await prepare(ctx, { name, charts: 'check' });
    const zh = await prepare(ctx, { name, charts: 'check', language: 'zh-Hans' });
    expect(zh.warnings).toEqual([]);
    expect(zh.brief.title).toBe('海外110');
    expect(zh.chapters.find((c) => c.id === 'introduction')?.title).toBe('引言');
    expect(zh.numbering.footnoteOrder).toEqual(en.numbering.footnoteOrder);
    const states = translationStates(en.brief);
    expect(states.filter((s) => s.state !== 'missing').map((s) => [path.basename(s.file), s.state])).toEqual([
      ['introduction.md', 'current'],
      ['recommendations.md', 'current'],
    ]);
  });
});
