// What the render stage makes of a brief: every folder under tests/fixtures/render/ holds a project
// (input/); expected.html is the HTML edition's chapters and notes as a reader's browser gets them
// (the <main> element), expected.json the warnings.
import { pipelineContext, prepare, renderBrief } from '../../scripts/pipeline.ts';
import { diagnosticLines, fixtureSuite } from '../helpers/fixtures.ts';
import { copyProject, removeProject } from '../helpers/project.ts';

fixtureSuite('render', async ({ input }) => {
  const root = copyProject(input); // the build's caches go into the copy, not into tests/
  try {
    const prepared = await prepare(pipelineContext(root), { name: 'demo' });
    const { doc } = await renderBrief(prepared, { released: true });
    const main = /<main[\s\S]*<\/main>/.exec(doc.html)?.[0] ?? '';
    return { expected: { warnings: diagnosticLines(prepared.warnings) }, files: { html: `${main}\n` } };
  } finally {
    removeProject(root);
  }
});
