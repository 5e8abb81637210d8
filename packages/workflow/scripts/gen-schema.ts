/**
 * Writes `schema/workflow.schema.json` from the zod schemas: `pnpm --filter @weft/workflow gen:schema`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workflowJsonSchema } from '../src/definition/json-schema.js';

const target = fileURLToPath(new URL('../schema/workflow.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
