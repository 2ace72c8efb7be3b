// npm run test:reliability: the long reliability suite (a few minutes), each part
// printing its counts. RELIABILITY_KILLS and RELIABILITY_RUNS scale it; the
// integration stage runs a short version (test/integration/reliability-short.test.ts).
// Each suite asserts what it counts (suites/*.ts) and fails the run on the first
// lost edit, duplicate page, torn file or unexpected conflict.
import { faultsAndStorms } from './suites/faults';
import { fuzzedEdits } from './suites/fuzzSync';
import { killDuringPull } from './suites/killPull';
import { killDuringPush } from './suites/killPush';

const KILLS = Number(process.env.RELIABILITY_KILLS ?? 50);
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 30);

killDuringPull(KILLS);
killDuringPush(KILLS);
faultsAndStorms();
fuzzedEdits(RUNS);
