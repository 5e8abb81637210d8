import { describe, expect, it } from 'vitest';
import { OutputValidation } from '../errors.js';
import { correctiveMessage } from './corrective-message.js';

describe('correctiveMessage', () => {
  it('lists the issues in a user message', () => {
    const error = new OutputValidation({
      turnId: 't1',
      issues: [
        'items[0].price: expected number, received string',
        'customer: missing (expected string)',
      ],
      text: '{}',
    });
    expect(correctiveMessage(error)).toEqual({
      type: 'message',
      role: 'user',
      content: [
        'Your previous answer did not match the required JSON schema:',
        '- items[0].price: expected number, received string',
        '- customer: missing (expected string)',
        'Answer again with only the JSON value, corrected so that it matches the schema.',
      ].join('\n'),
    });
  });

  it('caps long issue lists', () => {
    const issues = Array.from({ length: 25 }, (_, i) => `[${i}]: expected string, received number`);
    const content = correctiveMessage(
      new OutputValidation({ turnId: undefined, issues, text: '[]' }),
    ).content as string;
    expect(content.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(21);
    expect(content).toContain('- … and 5 more');
  });
});
