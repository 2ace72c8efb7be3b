// A short run of the reliability suite (npm run test:reliability runs the long
// one): a few kill -9s during a bidirectional push of edits and of new files,
// and a few fuzzed edit sequences on both sides. Kills during pulls and
// injected faults have their own integration tests (engine-crash, engine-faults).
import { fuzzedEdits } from '../reliability/suites/fuzzSync';
import { killDuringPush } from '../reliability/suites/killPush';

killDuringPush(3);
fuzzedEdits(3);
