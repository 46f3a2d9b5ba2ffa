// The Typst peer: the corpus's Typst markup compiled to PDF by @myriaddreamin/typst-ts-node-compiler
// (installed outside the project, see bench/peers/peers.ts). Cold: this new process, one compile.
// Warm: one compiler, `warmup` + `iterations` compiles. Prints one `@bench {json}` line per compile.
//   job: { mode: 'cold' | 'warm', module, dir, main, out, fonts, iterations, warmup }
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const job = JSON.parse(process.argv[2]);
const t0 = performance.now(); // ms since the process started
const round = (ms) => Math.round(ms * 10) / 10;
const { NodeCompiler } = createRequire(path.join(job.module, 'package.json'))(job.module);
const compiler = NodeCompiler.create({ workspace: job.dir, fontArgs: [{ fontPaths: [job.fonts] }] });
const tCreate = performance.now();
const total = job.mode === 'cold' ? 1 : job.warmup + job.iterations;
for (let i = 0; i < total; i++) {
  const t = performance.now();
  const doc = compiler.compile({ mainFilePath: path.join(job.dir, job.main) });
  const diagnostics = doc.takeDiagnostics?.() ?? null;
  if (!doc.result) {
    process.stderr.write(`typst: ${JSON.stringify(diagnostics?.shortDiagnostics ?? diagnostics)}\n`);
    process.exit(1);
  }
  const tCompile = performance.now();
  const pdf = compiler.pdf(doc.result);
  writeFileSync(job.out, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const report = { i, warm: job.mode === 'cold' || i >= job.warmup, ms: round(performance.now() - t), pages, timings: { boot: round(t0), create: round(tCreate - t0), compile: round(tCompile - t), pdf: round(performance.now() - tCompile) } };
  process.stdout.write(`@bench ${JSON.stringify(report)}\n`);
}
