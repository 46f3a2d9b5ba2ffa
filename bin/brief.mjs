#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx brief` works straight after `npm ci`.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../scripts/cli.ts');
process.exitCode = await main(process.argv.slice(2));
