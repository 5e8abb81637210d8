import { SpanStatusCode } from '@opentelemetry/api';
import { Effect } from 'effect';
import { describe, expect, it } from 'vitest';
import type { ResponseObject } from '../domain/items.js';
import { ServerError } from '../errors.js';
import { contextWithSpan } from './span-effect.js';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import { JobTelemetry } from './job-telemetry.js';
import { memoryOtel, parentOf, spanTree } from './otel.test-support.js';
import { resolveTelemetry } from './telemetry.js';
import { finishReasons, instrumentResponsesClient } from './traced-client.js';

const response = (status: ResponseObject['status']): ResponseObject =>
  ({ id: 'resp_1', model: 'm', status, output: [] }) as unknown as ResponseObject;

/** A client whose retrieve answers `status`; no other call is made here. */
const fakeClient = (status: ResponseObject['status']): ResponsesClientShape =>
  ({
    provider: 'localhost',
    retrieve: () => Effect.succeed(response(status)),
  }) as unknown as ResponsesClientShape;

const serverError = (status: number): ServerError =>
  new ServerError({
    status,
    code: undefined,
    detail: 'down',
    requestId: undefined,
    notSent: false,
  });

const subject = {
  jobId: 'job_1',
  responseId: 'resp_1',
  turnId: 'turn_1',
  conversationId: 'conv_1',
};

async function inFlight(otel: ReturnType<typeof memoryOtel>): Promise<number> {
  const metric = (await otel.metrics()).get('weft.jobs.in_flight');
  const point = metric?.dataPoints[0];
  return typeof point?.value === 'number' ? point.value : 0;
}

describe('JobTelemetry', () => {
  it('counts a job once however often it is held, and forgets it once', async () => {
    const otel = memoryOtel();
    const jobs = JobTelemetry.forWorker(
      resolveTelemetry({ meter: otel.meter }),
      fakeClient('queued'),
    );
    jobs.inFlight.hold('a');
    jobs.inFlight.hold('a');
    jobs.inFlight.hold('b');
    expect(await inFlight(otel)).toBe(2);
    jobs.done('a');
    jobs.done('a');
    jobs.inFlight.release('never-held');
    expect(await inFlight(otel)).toBe(1);
    jobs.inFlight.releaseAll();
    expect(await inFlight(otel)).toBe(0);
    expect((await otel.metrics()).get('weft.jobs.in_flight')?.dataPoints[0]?.attributes).toEqual({
      'weft.job.driver': 'worker',
    });
  });

  it('puts a strategy poll under the turn of its traced client, with its retrieve call under the poll', async () => {
    const otel = memoryOtel();
    const telemetry = resolveTelemetry({ tracer: otel.tracer, meter: otel.meter });
    const turn = otel.tracer.startSpan('weft.turn');
    const client = instrumentResponsesClient(fakeClient('in_progress'), telemetry, {
      parent: contextWithSpan(turn),
    });
    const jobs = JobTelemetry.forTurn(client);
    const seen = await Effect.runPromise(
      jobs.poll(
        subject,
        0,
        client,
        (traced) => traced.retrieve('resp_1'),
        (r) => ({
          status: r.status ?? 'unknown',
          nextDelayMs: 250,
        }),
      ),
    );
    turn.end();
    expect(seen.status).toBe('in_progress');
    expect(spanTree(otel.spans())).toEqual([
      'weft.turn',
      '  weft.job.poll',
      '    weft.responses.retrieve',
    ]);
    const poll = otel.spans().find((s) => s.name === 'weft.job.poll');
    expect(poll && parentOf(poll)).toBe(turn.spanContext().spanId);
    expect(poll?.attributes).toMatchObject({
      'weft.job.id': 'job_1',
      'weft.job.poll.attempt': 0,
      'weft.job.status_seen': 'in_progress',
      'weft.job.next_poll_delay_ms': 250,
    });
  });

  it('records a poll error with its tag, and a failed poll Effect too', async () => {
    const otel = memoryOtel();
    const jobs = JobTelemetry.forWorker(
      resolveTelemetry({ tracer: otel.tracer }),
      fakeClient('queued'),
    );
    await Effect.runPromise(
      jobs.poll(
        subject,
        3,
        fakeClient('queued'),
        () => Effect.succeed(undefined),
        () => ({
          status: 'unreachable',
          error: serverError(503),
        }),
      ),
    );
    const failing = jobs.poll(
      subject,
      4,
      fakeClient('queued'),
      () => Effect.fail(serverError(500)),
      () => ({ status: 'never seen' }),
    );
    await expect(Effect.runPromise(failing)).rejects.toBeDefined();
    const [first, second] = otel.spans();
    expect(first?.attributes['error.type']).toBe('ServerError');
    expect(first?.status.code).toBe(SpanStatusCode.ERROR);
    expect(first && parentOf(first)).toBeUndefined();
    expect(second?.attributes['error.type']).toBe('ServerError');
  });

  it('has no finish reasons for a Response still running', () => {
    expect(finishReasons(response('queued'))).toEqual([]);
    expect(finishReasons(response('in_progress'))).toEqual([]);
    expect(finishReasons(response('completed'))).toEqual(['stop']);
  });
});
