/**
 * Regenerates scenario.schema.json from the zod definitions:
 *   npx tsx packages/encoder/schema/generate.ts
 * (a unit test fails when the committed file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../src/scenario/schema.js';

export const SCHEMA_PATH = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));

export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
