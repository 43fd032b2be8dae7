// Writes the JSON Schema of each command's `-o json|yaml` document (docs/schema/<command>.schema.json), generated
// from the result types in src/results by ts-json-schema-generator. `--check` regenerates them in memory and fails
// if a published file differs (test/unit/json-schema.test.ts runs it), so the schema cannot drift from the types.
//   node scripts/json-schema.mjs [--check] [--out DIR]
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGenerator } from 'ts-json-schema-generator';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, out: { type: 'string', default: join('docs', 'schema') } },
});

/** The command → root type table of src/results/documents.ts, read from its source (this script runs no TypeScript). */
const roots = () => {
  const text = readFileSync(join(root, 'src', 'results', 'documents.ts'), 'utf8');
  const table = /SCHEMA_ROOTS = \{([^}]*)\}/.exec(text)?.[1] ?? '';
  return [...table.matchAll(/'?([\w-]+)'?: '(\w+)'/g)].map(([, command, type]) => ({ command, type }));
};

const generator = createGenerator({
  path: join(root, 'src', 'results', 'documents.ts'),
  tsconfig: join(root, 'tsconfig.json'),
  type: '*',
  expose: 'export',
  jsDoc: 'extended',
  additionalProperties: false,
  skipTypeCheck: true,
});

const schemaText = (command, type) =>
  `${JSON.stringify({ title: `kubectl harvester-upgrade ${command} -o json|yaml`, ...generator.createSchema(type) }, null, 2)}\n`;

const out = resolve(root, values.out);
const stale = [];
for (const { command, type } of roots()) {
  const file = join(out, `${command}.schema.json`);
  const text = schemaText(command, type);
  if (values.check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(relative(process.cwd(), file) || file);
  } else {
    mkdirSync(out, { recursive: true });
    writeFileSync(file, text);
  }
}
if (stale.length > 0) {
  process.stderr.write(`out of date with src/results: ${stale.join(', ')}; run npm run schema\n`);
  process.exit(1);
}
