/** ajv compiled with the official SARIF 2.1.0 schema (vendored: test/fixtures/sarif/README.md) and its string formats. */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';

export function sarifValidator() {
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
  // strict: false only because the official schema trips ajv's strictRequired lint (`required: ["index"]` inside
  // an anyOf); validation itself is complete, and every string format it uses is checked below.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => { try { new URL(s); return true; } catch { return false; } });
  ajv.addFormat('uri-reference', (s: string) => { try { new URL(s, 'file:///base/'); return !/\s/.test(s); } catch { return false; } });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
  ajv.addFormat('uuid', (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
  return ajv.compile(schema);
}
