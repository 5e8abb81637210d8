import { Ajv } from 'ajv';

const MAX_CACHED = 512;

/**
 * Compiles JSON Schemas once per distinct schema text, so repeated requests with the same tools
 * cost a string lookup instead of a compile.
 */
export class SchemaCompiler {
  private ajv = SchemaCompiler.createAjv();
  private readonly results = new Map<string, string | null>();

  private static createAjv(): Ajv {
    return new Ajv({ strict: false, allErrors: false, validateFormats: false, addUsedSchema: false });
  }

  /** `null` when the schema compiles, else the compiler's message. */
  check(schema: Record<string, unknown>): string | null {
    const key = JSON.stringify(schema);
    const cached = this.results.get(key);
    if (cached !== undefined) return cached;
    if (this.results.size >= MAX_CACHED) {
      this.results.clear();
      this.ajv = SchemaCompiler.createAjv();
    }
    let result: string | null = null;
    try {
      this.ajv.compile(structuredClone(schema));
    } catch (error) {
      result = error instanceof Error ? error.message : String(error);
    }
    this.results.set(key, result);
    return result;
  }
}
