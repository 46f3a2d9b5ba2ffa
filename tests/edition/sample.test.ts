// The sample brief's edition history: releases 1.0 and 1.1 are intact, and the working draft's
// revision log finds the rows edition 1.2 adds. (No browser: cheap enough to run with every change.)
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineContext, prepare } from '../../scripts/pipeline.ts';
import { listReleases } from '../../scripts/edition/releases.ts';
import { revisionLog } from '../../scripts/edition/revision-log.ts';
import { verify } from '../../scripts/edition/verify.ts';

const root = path.resolve(import.meta.dirname, '../..');
const name = '110-overseas';

describe('sample brief editions', () => {
  it('has releases 1.0 and 1.1, every file matching its manifest', () => {
    expect(listReleases({ root, name })).toEqual(['1.0', '1.1']);
    const result = verify({ root, name });
    expect(result.diagnostics).toEqual([]);
    expect(result.releases.map((r) => r.ok)).toEqual([true, true]);
  });

  it('logs every edition, newest first, with the two stations edition 1.2 adds', async () => {
    const p = await prepare(pipelineContext(root), { name });
    const log = await revisionLog({ brief: p.brief, datasets: p.datasets });
    expect(log.map((e) => [e.version, e.date])).toEqual([
      ['1.2', '2022-12-13'],
      ['1.1', '2022-10-29'],
      ['1.0', '2022-09-12'],
    ]);
    expect(log[0]).toMatchObject({ dataSince: '1.1', dataChanges: ['stations: 2 rows added — Italy, Milan, Wenzhou; France, Paris, Wenzhou'] });
    expect(log[1].dataChanges).toEqual([]); // 1.1 corrected prose and sources, not data
    expect(log[2].dataChanges).toEqual([]);
  });
});
