// Runs this workspace's TypeScript sources under plain Node: NodeNext-style relative imports name
// `.js` files, while the sources on disk are `.ts`. A `.js` specifier that does not exist is
// retried as `.ts`. Use with `node --conditions=@weft/source --import <this file> child.ts`.
import { register } from 'node:module';

const source = `
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const local = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!local || !specifier.endsWith('.js') || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return nextResolve(specifier.replace(/\\.js$/, '.ts'), context);
  }
}`;
register('data:text/javascript,' + encodeURIComponent(source));
