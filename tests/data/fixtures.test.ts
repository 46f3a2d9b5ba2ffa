// One test per folder in tests/fixtures/data: input/ (data, chapter), optional case.json
// (datasets, language, scope) → expected.json (diagnostics, prose after binding, tables as HTML).
import { fixtureSuite } from '../helpers/fixtures.ts';
import { runCase, type CaseConfig } from './support.ts';

fixtureSuite<CaseConfig>('data', async (c) => ({ expected: await runCase(c) }));
