// Loaded with `node --import`: appends the URL of every module the process resolves through
// the ESM loader to the file named by HOOK_REPORT_FILE, so a test can see what a command
// loads. Plain JavaScript: node loads it before any TypeScript tooling could.
import { register } from 'node:module';
import process from 'node:process';

const hooks = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { file: process.env.HOOK_REPORT_FILE },
});
