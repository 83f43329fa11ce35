/**
 * The model schema as the editor walks it (one instance per process). Kept apart from the engine so the
 * extension host loads only the schema and the YAML parser, never the analysis engine.
 */
import schema from '../../../schemas/threatmodel.schema.json';
import { SchemaNav, type JsonSchema } from './schema-nav';

let nav: SchemaNav | undefined;

export function schemaNav(): SchemaNav {
  nav ??= new SchemaNav(schema as unknown as JsonSchema);
  return nav;
}
