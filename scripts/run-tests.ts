// `npm test`'s test step: three Vitest processes side by side: the e2e fault matrices, the rest of
// the e2e suite, and unit + integration + hub. Within one process Vitest runs, on this 2-core
// machine, one browser file at a time and the suites one after another; the e2e files mostly wait
// out grace periods, so the other processes fit beside them. Arguments go to every process; a JSON
// report (--outputFile.json=FILE) is written per process and merged into FILE, so that tools read
// one report as before.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Report {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: unknown[];
}

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = process.argv.slice(2);
const JSON_OUTPUT = '--outputFile.json=';
const jsonFile = args.find((arg) => arg.startsWith(JSON_OUTPUT))?.slice(JSON_OUTPUT.length);
const groups = [
  { name: 'e2e-faults', projects: ['e2e-faults'] },
  { name: 'e2e', projects: ['e2e'] },
  { name: 'unit+integration+hub', projects: ['unit', 'integration', 'hub'] },
];

function run(group: (typeof groups)[number]): Promise<{ code: number; report: string | null }> {
  const report = jsonFile ? jsonFile.replace(/(\.json)?$/, `.${group.name}.json`) : null;
  const own = args.map((arg) => (report && arg.startsWith(JSON_OUTPUT) ? `${JSON_OUTPUT}${report}` : arg));
  // A file filter given to `npm test` may leave one of the two without a file: that is no failure.
  const projects = group.projects.flatMap((project) => ['--project', project]);
  const child = spawn(process.execPath, [vitest, 'run', '--passWithNoTests', ...projects, ...own], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Each line says which process it comes from: the two run at the same time.
  const prefix = (chunk: Buffer, to: NodeJS.WriteStream) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') to.write(`[${group.name}] ${line}\n`);
  };
  child.stdout.on('data', (chunk: Buffer) => prefix(chunk, process.stdout));
  child.stderr.on('data', (chunk: Buffer) => prefix(chunk, process.stderr));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), report })));
}

const results = await Promise.all(groups.map(run));
if (jsonFile) {
  const reports = results.flatMap(({ report }) => (report ? [JSON.parse(readFileSync(report, 'utf8')) as Report] : []));
  const sum = (key: keyof Report) => reports.reduce((total, report) => total + (report[key] as number), 0);
  const merged: Report = {
    numTotalTests: sum('numTotalTests'),
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTodoTests: sum('numTodoTests'),
    success: reports.every((report) => report.success),
    testResults: reports.flatMap((report) => report.testResults),
  };
  writeFileSync(jsonFile, JSON.stringify(merged));
}
process.exit(Math.max(...results.map(({ code }) => code)));
