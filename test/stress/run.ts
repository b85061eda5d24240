import { parseArgs } from 'node:util';
import { runCrashStress } from './crash-stress.js';

/** `npm run stress -- --kills 50 --minutes 10 [--seed N]`: see crash-stress.ts. Exits 1 when anything was lost. */
const { values } = parseArgs({
  options: { kills: { type: 'string', default: '50' }, minutes: { type: 'string', default: '10' }, seed: { type: 'string' } },
});
const report = await runCrashStress({
  kills: Number(values.kills),
  minutes: Number(values.minutes),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  log: (line) => console.log(line),
});
console.log(JSON.stringify(report));
const broken = report.lostPhotos + report.lostLabels + report.duplicateRows + report.strayRows;
console.log(broken === 0 ? 'stress: nothing lost, no duplicate row' : `stress: ${broken} problems`);
process.exitCode = broken === 0 ? 0 : 1;
