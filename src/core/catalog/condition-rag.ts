/**
 * `inRag: <property test>`: the element takes part in a RAG pipeline (`rag:` in the model) whose own
 * properties pass the test: as its store, retriever, ingestion pipeline, a source or a consumer. Lets rules
 * honour what the pipeline declares (e.g. `accessControl: tenant-filter` on the `rag` block rather than on
 * the retriever). Kept apart from condition.ts so the interpreter's core stays small.
 */
import type { ResolvedModel } from '../model/graph';
import type { RagPipeline } from '../model/types';
import { propertyHolds } from './condition';
import type { PropertyTest } from './types';

function roles(r: RagPipeline): string[] {
  return [r.store, r.retriever, r.ingestion, ...(r.sources ?? []), ...(r.consumers ?? [])].filter((x): x is string => typeof x === 'string');
}

/** Some RAG pipeline the component takes part in passes the property test. */
export function inRagHolds(model: ResolvedModel, elementId: string, test: PropertyTest): boolean {
  return model.rag.some((r) => roles(r).includes(elementId) && propertyHolds(r as unknown as Record<string, unknown>, test));
}
