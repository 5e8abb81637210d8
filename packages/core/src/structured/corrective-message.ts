/**
 * The message for a corrective retry after a structured output failed validation.
 *
 * @module
 */
import type { EasyInputMessage } from 'openai/resources/responses/responses';
import type { OutputValidation } from '../errors.js';

const maxIssues = 20;

/**
 * A user message telling the model what was wrong with its structured output, one issue per line,
 * and asking for a corrected answer. At most 20 issues are listed.
 *
 * @example
 * const retryInput = [correctiveMessage(error)];
 */
export function correctiveMessage(error: OutputValidation): EasyInputMessage {
  const listed = error.issues.slice(0, maxIssues).map((issue) => `- ${issue}`);
  const more = error.issues.length - listed.length;
  if (more > 0) listed.push(`- … and ${more} more`);
  const content = [
    'Your previous answer did not match the required JSON schema:',
    ...listed,
    'Answer again with only the JSON value, corrected so that it matches the schema.',
  ].join('\n');
  return { type: 'message', role: 'user', content };
}
