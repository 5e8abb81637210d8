/**
 * Runs a registered child main from the TypeScript sources, as `dist/reliability.js --child` does
 * from the build: `node … source-child.ts --child <name> <arg>`.
 */
import { childMains } from '../../children.js';

const [flag, name = '', arg = ''] = process.argv.slice(2);
const main = childMains[name];
if (flag !== '--child' || main === undefined) {
  process.stderr.write(`unknown child: ${flag} ${name}\n`);
  process.exit(2);
}
await main(arg);
process.exit(0);
