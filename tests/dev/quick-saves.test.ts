// Regression: `brief dev` lost the last of several quick saves (the watcher drops a file's change
// events that come within 50 ms of the previous one, and a rebuild could read a half-written
// file). Many saves during a slow rebuild must end with the page showing the last saved state.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev/server.ts';
import { briefYaml, makeProject, removeProject } from '../helpers/project.ts';
import { fetchText } from './sse.ts';

const BRIEF = briefYaml({ title: 'Quick Saves', chapters: ['one.md'], datasets: { wells: 'data/wells.csv' } });
// A table of a few thousand rows makes each rebuild slow enough that saves land while it runs.
const WELLS = `name,depth\n${Array.from({ length: 4000 }, (_, i) => `Well ${i},${i % 97}`).join('\n')}\n`;
const chapter = (n: number) => `# One\n\nSave number ${n} of the chapter.\n\n::table{data=wells caption="Wells" #tbl-wells}\n`;

let root: string;
let server: DevServer;

beforeAll(async () => {
  root = makeProject({ 'content/demo/brief.yaml': BRIEF, 'content/demo/chapters/one.md': chapter(0), 'data/wells.csv': WELLS });
  server = await startDevServer({ root, name: 'demo', port: 0, log: () => {}, openPrinter: () => Promise.reject(new Error('no PDF in this test')) });
});

afterAll(async () => {
  await server?.close();
  if (root) removeProject(root);
});

describe('brief dev under quick saves', () => {
  it('ends on the last of many saves made while rebuilds run', async () => {
    const file = path.join(root, 'content/demo/chapters/one.md');
    const first = server.nextRebuild();
    // The saves come faster than the watcher's 50 ms window and faster than a rebuild; the gaps
    // only shape the input, the outcome is awaited through the server's own events below.
    for (let n = 1; n <= 25; n++) {
      writeFileSync(file, chapter(n));
      await sleep(n % 5 === 0 ? 60 : 8);
    }
    await first;
    await server.idle();
    const html = (await fetchText(server.url)).body.toString('utf8');
    expect(html).toContain('Save number 25 of the chapter.');
    expect(server.session.good!.doc.html).toContain('Save number 25 of the chapter.');
  });

  it('ends on the last save when two saves come within a few milliseconds', async () => {
    const file = path.join(root, 'content/demo/chapters/one.md');
    for (let round = 0; round < 5; round++) {
      const rebuilt = server.nextRebuild();
      writeFileSync(file, chapter(100 + round));
      writeFileSync(file, chapter(200 + round));
      await rebuilt;
      await server.idle();
      expect(server.session.good!.doc.html).toContain(`Save number ${200 + round} of the chapter.`);
    }
  });
});
