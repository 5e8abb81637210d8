/**
 * The default model: what the local server answers when no script rule applies. It reads like a
 * conversation — it repeats the user's message, names the turn and recalls the one before (so
 * chaining through `previous_response_id` or a conversation is visible), reports tool results, calls
 * tools the user names, honours structured-output formats and adds reasoning when asked for.
 * Output depends on the input alone: no randomness, no clock.
 */
import type { ContextView, ToolResult } from './context-view.js';
import { jsonFromSchema, jsonObjectAnswer } from './json-from-schema.js';
import { snippet } from './sample-values.js';
import { synthesiseArguments, toolsToCall } from './tool-choice.js';
import type { ModelInput, ReplyItem, ToolDefinition } from './types.js';

const echoLength = 200;

/** Output items of the default model for `input`. */
export function defaultReplyItems(input: ModelInput, view: ContextView): ReplyItem[] {
  const calls = toolsToCall(input, view);
  const reasoning = reasoningItem(input, view, calls);
  const head = reasoning === undefined ? [] : [reasoning];
  if (calls.length > 0) {
    return [
      ...head,
      ...calls.map((tool): ReplyItem => ({
        type: 'function_call',
        name: tool.name,
        arguments: synthesiseArguments(tool, view.userText),
      })),
    ];
  }
  return [...head, { type: 'message', text: answerText(input, view) }];
}

function answerText(input: ModelInput, view: ContextView): string {
  const format = input.textFormat;
  if (format.type === 'json_schema')
    return JSON.stringify(jsonFromSchema(format.schema, { text: view.userText }));
  if (format.type === 'json_object')
    return JSON.stringify(jsonObjectAnswer(view.userText, view.turn));
  return view.toolResults.length > 0 ? toolResultText(view) : echoText(input, view);
}

function quote(text: string): string {
  return `"${snippet(text, echoLength)}"`;
}

function echoText(input: ModelInput, view: ContextView): string {
  if (view.userText.trim() === '') {
    return `Hello! This is the local model ${input.model}. What would you like to talk about?`;
  }
  const said = `${isQuestion(view.userText) ? 'You asked' : 'You said'}: ${quote(view.userText)}.`;
  const turn = `This is turn ${view.turn} of our conversation`;
  const earlier =
    view.previousUserText === undefined
      ? '.'
      : `; before that you said ${quote(view.previousUserText)}.`;
  return `${said} ${turn}${earlier}`;
}

function isQuestion(text: string): boolean {
  return text.trim().endsWith('?');
}

function toolResultText(view: ContextView): string {
  const reports = view.toolResults.map(describeResult);
  const request =
    view.userText.trim() === '' ? '' : ` That answers your request ${quote(view.userText)}.`;
  return `${reports.join(' ')}${request}`;
}

function describeResult(result: ToolResult): string {
  const who =
    result.name === undefined ? `The tool call ${result.callId}` : `The tool \`${result.name}\``;
  return `${who} returned ${quote(result.output)}.`;
}

function reasoningItem(
  input: ModelInput,
  view: ContextView,
  calls: readonly ToolDefinition[],
): ReplyItem | undefined {
  const effort = input.reasoning?.effort;
  if (effort === undefined || effort === 'none') return undefined;
  const summary = input.reasoning?.summary;
  // Without `reasoning.summary` OpenAI sends an encrypted-only item: no summary, no text.
  if (summary === undefined || summary === 'none') return { type: 'reasoning' };
  return { type: 'reasoning', summary: [reasoningSummary(view, calls)] };
}

function reasoningSummary(view: ContextView, calls: readonly ToolDefinition[]): string {
  if (calls.length > 0) {
    const names = calls.map((tool) => `\`${tool.name}\``).join(' and ');
    return `**Planning tool use**\n\nThe request calls for ${names}, so I will call ${calls.length > 1 ? 'them' : 'it'} first.`;
  }
  if (view.toolResults.length > 0) {
    return '**Reading tool results**\n\nThe tool results are in; I will report what they returned.';
  }
  if (view.userText.trim() === '')
    return '**Greeting**\n\nThere is no message yet, so I will say hello.';
  return `**Answering turn ${view.turn}**\n\nThe user wrote ${quote(snippet(view.userText, 60))}; I will reply to it.`;
}
