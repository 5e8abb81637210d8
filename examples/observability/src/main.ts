import { runObservability } from './observability.js';

await runObservability((line) => process.stdout.write(`${line}\n`));
