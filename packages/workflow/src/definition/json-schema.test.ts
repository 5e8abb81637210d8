import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { workflowJsonSchema } from './json-schema.js';

it('ships the JSON Schema the generator writes (run `pnpm --filter @weft/workflow gen:schema` after changing the format)', () => {
  const shipped = JSON.parse(
    readFileSync(new URL('../../schema/workflow.schema.json', import.meta.url), 'utf8'),
  ) as unknown;
  expect(shipped).toEqual(workflowJsonSchema());
});

it('describes every step kind', () => {
  const schema = workflowJsonSchema() as {
    properties: {
      steps: { additionalProperties: { oneOf: { properties: { type: { const: string } } }[] } };
    };
  };
  expect(
    schema.properties.steps.additionalProperties.oneOf.map((s) => s.properties.type.const),
  ).toEqual(['model', 'tool', 'branch', 'loop', 'parallel', 'map', 'wait', 'workflow', 'end']);
});
