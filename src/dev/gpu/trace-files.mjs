// Preloaded with --import: records every file the process loads, ES modules through a resolve
// hook and CommonJS through require's cache, into $TRACE_FILES (one path a line), so that
// make-kit.sh can pack exactly what the GPU bench needs and nothing else.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.TRACE_FILES;
if (!out) throw new Error('trace-files.mjs: set TRACE_FILES to the list to write');
register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      export async function resolve(specifier, context, next) {
        const r = await next(specifier, context);
        if (r.url.startsWith('file:')) appendFileSync(${JSON.stringify(out)}, fileURLToPath(r.url) + '\\n');
        return r;
      }`),
);
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(out, Object.keys(require.cache).join('\n') + '\n'));
