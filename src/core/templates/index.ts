/**
 * The starter models shipped with the tool (templates/*.threatmodel.yaml), bundled at build time.
 * Used by `threatmodel init` and the editor's "New threat model from template".
 */
import templates from 'virtual:templates';

export interface Template {
  /** File name without `.threatmodel.yaml`, e.g. `rag-support-assistant`. */
  name: string;
  /** The first comment line of the file: what the system is. */
  title: string;
  text: string;
}

export const TEMPLATES: readonly Template[] = templates;

export function findTemplate(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
