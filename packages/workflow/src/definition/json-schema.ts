/**
 * The JSON Schema of the workflow document format, generated from the zod schemas. The package
 * ships it as `schema/workflow.schema.json` for editors (`# yaml-language-server: $schema=…`).
 *
 * @module
 */
import { z } from 'zod';
import { WorkflowDocument } from './schema.js';

/**
 * The JSON Schema of a workflow document (as written: fields with defaults are optional).
 *
 * @example
 * writeFileSync('workflow.schema.json', JSON.stringify(workflowJsonSchema(), null, 2));
 */
export function workflowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkflowDocument, { io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema['$schema'],
    title: 'Weft workflow',
    ...schema,
  };
}
