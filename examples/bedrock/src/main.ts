import { runConversation } from './conversation.js';
import { pickEndpoint } from './endpoint.js';

const endpoint = await pickEndpoint(process.env);
const write = (line: string) => process.stdout.write(`${line}\n`);
try {
  write(`Talking to ${endpoint.description}`);
  await runConversation(endpoint.bedrock, write);
} catch (error) {
  process.stderr.write(
    `The conversation failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await endpoint.close();
}
