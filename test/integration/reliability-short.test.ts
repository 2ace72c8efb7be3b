// A short run of the reliability suite (npm run test:reliability runs the long
// one): a few kill -9s during a bidirectional push of edits and of new files,
// and a few fuzzed edit sequences on both sides. Kills during pulls and
// injected faults have their own integration tests (engine-crash, engine-faults).
// The assertions live in the suites (killPush.ts: no edit lost, one page per new
// file, every run killed as planned; fuzzSync.ts: nothing lost, files equal Notion
// at rest, no conflict, no duplicate page); this file only sizes and registers them.
import { fuzzedEdits } from '../reliability/suites/fuzzSync';
import { killDuringPush } from '../reliability/suites/killPush';

killDuringPush(3);
fuzzedEdits(3);
