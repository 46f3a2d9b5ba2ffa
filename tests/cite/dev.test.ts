// brief dev with a bibliography: saving the .bib rebuilds the page with the new entry text.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev/server.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { connect, fetchText, type SseClient } from '../dev/sse.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cite/harbours/input');

const page = async () => (await fetchText(server.url)).body.toString('utf8');

let root: string;
let server: DevServer;
let sse: SseClient;
const log: string[] = [];

beforeAll(async () => {
  root = makeProject({});
  cpSync(FIXTURE, root, { recursive: true });
  server = await startDevServer({ root, name: 'harbours', port: 0, log: (s) => log.push(s), openPrinter: () => Promise.reject(new Error('no PDF here')) });
  sse = await connect(`${server.url}__brief/events`);
});

afterAll(async () => {
  sse?.close();
  await server?.close();
  removeProject(root);
});

it('reloads the page when a bibliography file is saved, with the entry as now written', async () => {
  expect(await page()).toContain('<em>The Harbour Book</em> (Lyon: Fictional Press, 2022), 14.');
  const bib = path.join(root, 'content/harbours/refs.bib');
  writeFileSync(bib, readFileSync(bib, 'utf8').replace('{The Harbour Book}', '{The Great Harbour Book}'));
  await sse.next('reload');
  const html = await page();
  expect(html).toContain('<em>The Great Harbour Book</em> (Lyon: Fictional Press, 2022), 14.');
  expect(log.some((l) => /^rebuilt bibliography in [\d.]+ ms$/.test(l))).toBe(true);
});
