// Regression: a source saved while `brief release` prints must not be archived under the hash of
// what was printed. The release refuses (release-sources-changed) and leaves no release behind.
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { release } from '../../scripts/runs/release.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { formatDiagnostic, UserError } from '../../scripts/messages.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { edition10, setState } from './freedonia.ts';

let root: string;
let printer: Printer;

beforeAll(async () => {
  root = makeProject({});
  setState(root, edition10);
  printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
});

afterAll(async () => {
  await printer?.close();
  if (root) removeProject(root);
});

describe('brief release while the sources change', () => {
  it('refuses with release-sources-changed and archives nothing', async () => {
    // An author saves a chapter while the PDF is being printed.
    const editing: Printer = {
      ...printer,
      print: async (input) => {
        const out = await printer.print(input);
        appendFileSync(path.join(root, 'content/fw/chapters/intro.md'), '\nA sentence saved during the release.\n');
        return out;
      },
    };
    const error = await release(pipelineContext(root), { name: 'fw', printer: editing }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const lines = (error as UserError).diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]);
    expect(lines).toEqual([expect.stringMatching(/^content\/fw\/brief\.yaml:1:1: error the sources of fw \(hash [0-9a-f]{12}\) changed while the release was being built \[release-sources-changed\]$/)]);
    const dir = path.join(root, 'releases', 'fw');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
