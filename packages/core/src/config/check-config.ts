/**
 * Checks of configuration given at run time (`createWeft` options, conversation settings). Types
 * say what is expected, but configuration often comes from files, environment variables or other
 * untyped sources: a wrong value must fail at once with `InvalidConfig` naming where it is, not as
 * a `TypeError` deep inside a turn.
 *
 * @module
 */
import { InvalidConfig } from '../errors.js';

const contextStrategies: ReadonlySet<string> = new Set(['server', 'local', 'conversation']);
const executionStrategies: ReadonlySet<string> = new Set(['blocking', 'stream', 'background']);
const logLevels: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

function fail(path: string, problem: string): never {
  throw new InvalidConfig({ path, problem });
}

function optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) fail(path, `expected an object, got ${describe(value)}`);
  return value;
}

function optionalString(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'string') {
    fail(path, `expected a string, got ${describe(value)}`);
  }
}

function optionalFunction(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'function') {
    fail(path, `expected a function, got ${describe(value)}`);
  }
}

function optionalNumber(
  value: unknown,
  path: string,
  range: { readonly min: number; readonly max?: number; readonly integer?: boolean },
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, `expected a finite number, got ${typeof value === 'number' ? String(value) : describe(value)}`);
  }
  if (range.integer === true && !Number.isInteger(value)) fail(path, `expected a whole number, got ${value}`);
  if (value < range.min || (range.max !== undefined && value > range.max)) {
    const bounds = range.max === undefined ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;
    fail(path, `expected ${bounds}, got ${value}`);
  }
}

function optionalOneOf(value: unknown, allowed: ReadonlySet<string>, path: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.has(value)) {
    const shown = typeof value === 'string' ? `'${value.slice(0, 40)}'` : describe(value);
    fail(path, `expected one of ${[...allowed].map((a) => `'${a}'`).join(', ')}, got ${shown}`);
  }
}

/** Checks the settings to build a client (`{ baseURL, apiKey, headers, timeoutMs, … }`). */
function checkClientSettings(settings: Record<string, unknown>, path: string): void {
  const baseURL = settings['baseURL'];
  optionalString(baseURL, `${path}.baseURL`);
  if (typeof baseURL === 'string' && !URL.canParse(baseURL)) {
    fail(`${path}.baseURL`, 'expected an absolute URL such as https://bedrock-mantle.us-east-1.api.aws/v1');
  }
  // The key itself is never shown: only its type.
  if (settings['apiKey'] !== undefined && typeof settings['apiKey'] !== 'string') {
    fail(`${path}.apiKey`, `expected a string, got ${describe(settings['apiKey'])}`);
  }
  const headers = optionalObject(settings['headers'], `${path}.headers`);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') fail(`${path}.headers.${name}`, `expected a string, got ${describe(value)}`);
  }
  optionalFunction(settings['fetch'], `${path}.fetch`);
  optionalNumber(settings['timeoutMs'], `${path}.timeoutMs`, { min: 1 });
  optionalString(settings['provider'], `${path}.provider`);
  optionalObject(settings['profile'], `${path}.profile`);
}

/** Checks `options.client`: a Responses client, an `OpenAI` SDK client, or settings to build one. */
function checkClient(client: unknown, path: string): void {
  if (!isObject(client)) {
    fail(path, `expected a Responses client, an OpenAI client or { baseURL, apiKey }, got ${describe(client)}`);
  }
  const isResponsesClient = 'provider' in client && typeof client['create'] === 'function';
  if (isResponsesClient || 'responses' in client) return;
  checkClientSettings(client, path);
}

/**
 * Checks conversation settings (all optional here; the model is checked where settings are merged).
 * @throws {InvalidConfig} naming the first wrong value
 */
export function checkSettings(settings: unknown, path: string): void {
  const value = optionalObject(settings, path);
  if (value === undefined) return;
  const model = value['model'];
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    fail(`${path}.model`, `expected a model id such as 'gpt-5.4', got ${typeof model === 'string' ? 'an empty string' : describe(model)}`);
  }
  optionalString(value['instructions'], `${path}.instructions`);
  optionalObject(value['params'], `${path}.params`);
  if (value['tools'] !== undefined && !Array.isArray(value['tools'])) {
    fail(`${path}.tools`, `expected an array of tools, got ${describe(value['tools'])}`);
  }
  optionalOneOf(value['contextStrategy'], contextStrategies, `${path}.contextStrategy`);
  optionalOneOf(value['execution'], executionStrategies, `${path}.execution`);
  optionalNumber(value['maxToolRounds'], `${path}.maxToolRounds`, { min: 0, integer: true });
  optionalNumber(value['toolConcurrency'], `${path}.toolConcurrency`, { min: 1, integer: true });
  optionalNumber(value['maxCorrections'], `${path}.maxCorrections`, { min: 0, integer: true });
  optionalNumber(value['timeoutMs'], `${path}.timeoutMs`, { min: 1 });
  const retry = optionalObject(value['retry'], `${path}.retry`);
  if (retry !== undefined) {
    optionalNumber(retry['maxAttempts'], `${path}.retry.maxAttempts`, { min: 1, integer: true });
    optionalNumber(retry['initialDelayMs'], `${path}.retry.initialDelayMs`, { min: 0 });
    optionalNumber(retry['maxDelayMs'], `${path}.retry.maxDelayMs`, { min: 0 });
    optionalNumber(retry['multiplier'], `${path}.retry.multiplier`, { min: 1 });
    optionalNumber(retry['jitter'], `${path}.retry.jitter`, { min: 0, max: 1 });
    for (const flag of ['honorRetryAfter', 'retryUnsafe'] as const) {
      if (retry[flag] !== undefined && typeof retry[flag] !== 'boolean') {
        fail(`${path}.retry.${flag}`, `expected true or false, got ${describe(retry[flag])}`);
      }
    }
  }
}

/**
 * Checks `createWeft` options before anything is built.
 * @throws {InvalidConfig} naming the first wrong value
 */
export function checkWeftOptions(options: unknown): void {
  if (!isObject(options)) fail('options', `expected an object, got ${describe(options)}`);
  checkClient(options['client'], 'client');
  const store = optionalObject(options['store'], 'store');
  for (const port of ['turns', 'jobs', 'snapshots'] as const) {
    optionalObject(store?.[port], `store.${port}`);
  }
  const strategies = optionalObject(options['strategies'], 'strategies');
  for (const [name, strategy] of Object.entries(strategies ?? {})) {
    if (strategy === undefined) continue;
    if (!isObject(strategy) || typeof strategy['run'] !== 'function') {
      fail(`strategies.${name}`, 'expected an execution strategy (e.g. streamStrategy() from @weft/adapter-stream)');
    }
  }
  checkSettings(options['defaults'], 'defaults');
  optionalObject(options['clock'], 'clock');
  optionalObject(options['ids'], 'ids');
  optionalFunction(options['random'], 'random');
  optionalObject(options['timers'], 'timers');
  if (options['inspect'] !== undefined && typeof options['inspect'] !== 'function') {
    optionalObject(options['inspect'], 'inspect');
  }
  const telemetry = optionalObject(options['telemetry'], 'telemetry');
  if (telemetry !== undefined) {
    optionalOneOf(telemetry['logLevel'], logLevels, 'telemetry.logLevel');
    optionalObject(telemetry['tracer'], 'telemetry.tracer');
    optionalObject(telemetry['meter'], 'telemetry.meter');
    optionalObject(telemetry['logger'], 'telemetry.logger');
    if (telemetry['recordContent'] !== undefined && typeof telemetry['recordContent'] !== 'boolean') {
      fail('telemetry.recordContent', `expected true or false, got ${describe(telemetry['recordContent'])}`);
    }
  }
}
