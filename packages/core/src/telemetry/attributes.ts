/**
 * Span and metric attribute names: the OpenTelemetry GenAI semantic conventions where they have a
 * name, `weft.*` where they do not.
 *
 * @module
 */

/** Attribute names Weft puts on spans and metrics. */
export const Attr = {
  genAiOperationName: 'gen_ai.operation.name',
  genAiSystem: 'gen_ai.system',
  genAiProviderName: 'gen_ai.provider.name',
  genAiRequestModel: 'gen_ai.request.model',
  genAiRequestTemperature: 'gen_ai.request.temperature',
  genAiRequestTopP: 'gen_ai.request.top_p',
  genAiRequestMaxTokens: 'gen_ai.request.max_tokens',
  genAiResponseModel: 'gen_ai.response.model',
  genAiResponseId: 'gen_ai.response.id',
  genAiResponseFinishReasons: 'gen_ai.response.finish_reasons',
  genAiUsageInputTokens: 'gen_ai.usage.input_tokens',
  genAiUsageOutputTokens: 'gen_ai.usage.output_tokens',
  genAiTokenType: 'gen_ai.token.type',
  genAiConversationId: 'gen_ai.conversation.id',
  genAiInputMessages: 'gen_ai.input.messages',
  genAiOutputMessages: 'gen_ai.output.messages',
  genAiToolName: 'gen_ai.tool.name',
  genAiToolCallId: 'gen_ai.tool.call.id',
  genAiToolType: 'gen_ai.tool.type',
  genAiToolCallArguments: 'gen_ai.tool.call.arguments',
  genAiToolCallResult: 'gen_ai.tool.call.result',
  serverAddress: 'server.address',
  errorType: 'error.type',
  conversationId: 'weft.conversation.id',
  sendId: 'weft.send.id',
  turnId: 'weft.turn.id',
  turnStatus: 'weft.turn.status',
  turnAttempt: 'weft.turn.attempt',
  contextStrategy: 'weft.context_strategy',
  executionStrategy: 'weft.execution_strategy',
  fallbackReason: 'weft.fallback.reason',
  retryDelayMs: 'weft.retry.delay_ms',
  sendStatus: 'weft.send.status',
  toolIsError: 'weft.tool.is_error',
  storeOperation: 'weft.store.operation',
  operation: 'weft.operation',
  responseId: 'weft.response.id',
  jobId: 'weft.job.id',
  jobDriver: 'weft.job.driver',
  jobPollAttempt: 'weft.job.poll.attempt',
  jobStatusSeen: 'weft.job.status_seen',
  jobProgressed: 'weft.job.progressed',
  jobNextPollDelayMs: 'weft.job.next_poll_delay_ms',
  jobResumeReason: 'weft.job.resume.reason',
  jobStatus: 'weft.job.status',
  streamStartingAfter: 'weft.stream.starting_after',
  workflowId: 'weft.workflow.id',
  workflowRunId: 'weft.workflow.run_id',
  workflowVersion: 'weft.workflow.version',
  workflowResumed: 'weft.workflow.resumed',
  workflowStatus: 'weft.workflow.status',
  workflowParentRunId: 'weft.workflow.parent_run_id',
  workflowStep: 'weft.workflow.step',
  workflowStepType: 'weft.workflow.step_type',
  workflowEndStep: 'weft.workflow.end_step',
} as const;

/** `gen_ai.provider.name` for an endpoint name (a host or a configured provider name). */
export function providerNameOf(provider: string): string {
  return /bedrock/i.test(provider) ? 'aws.bedrock' : 'openai';
}
