// Lets Node run the workspace's TypeScript sources directly: relative imports are written with
// `.js` (NodeNext style) while the files on disk end in `.ts`. Used with
// `node --conditions=@weft/source --experimental-transform-types --import <this file>`.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && relative && specifier.endsWith('.js')) {
      return next(specifier.slice(0, -3) + '.ts', context);
    }
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
