/**
 * The engine's public surface, used unchanged by the extension, the CLI and the tests.
 * Nothing under src/core imports `vscode`, touches the DOM or the network, or executes model text.
 */
export * from './problem';
export type * from './model/types';
export type * from './model/graph';
export { loadModel, type LoadResult } from './model/load';
export { closest } from './text/similar';
export { analyze, findingId, type AnalysisResult, type AnalyzeOptions } from './engine/analyze';
export { analyzeWithCatalogs, catalogForModel, type ModelAnalysisOptions } from './engine/layers';
export { builtinCatalog } from './catalog/builtin';
export { countThreats, countThreatsByElement, countsSentence, mergeCounts, severityBreakdown, FINDING_STATUSES, type ThreatCounts } from './engine/counts';
