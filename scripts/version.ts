// The tool's version, from package.json: stamped in the colophon, manifests and chart cache keys.
import { readFileSync } from 'node:fs';

export const TOOL_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
