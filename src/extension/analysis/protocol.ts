/** Messages between the extension host and the analysis worker. */
import type { AnalyzeRequest, DocumentAnalysis } from '../../core/editor/analyze-document';

export type WorkerRequest = { type: 'analyze'; id: number; request: AnalyzeRequest };

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; analysis: DocumentAnalysis }
  | { type: 'error'; id: number; message: string };
