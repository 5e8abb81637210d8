import { runDemo } from './demo.js';
import { pickEndpoint } from './endpoint.js';

const endpoint = await pickEndpoint();
try {
  const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
  await runDemo(endpoint, { write: (text) => process.stdout.write(text), color });
  process.stdout.write(`Node ${process.version}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The demo failed: ${message}\n`);
  process.exitCode = 1;
} finally {
  await endpoint.close();
}
