// Preload (`node --import`) that appends to $MODULE_LOG the URL of every ES module loaded and, at
// exit, the path of every CommonJS module required: what a command really loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.MODULE_LOG;
register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { file } });
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(file, Object.keys(cache).join('\n') + '\n'));
