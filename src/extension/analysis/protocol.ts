/**
 * Messages between the extension host and the analysis worker. Each request gets two answers: the model's
 * problems and findings as soon as they exist (`diagnostics`), then the editor index (`result`). The index
 * travels as JSON text: copying a string costs the extension host nothing, while a structured clone of its
 * many small objects (about 2 MB for 1,000 components) took tens of milliseconds on the host's thread. The host
 * parses it only when a language feature asks for it.
 */
import type { AnalyzeRequest, ModelAnalysis } from '../../core/editor/analyze-document';

export type WorkerRequest = { type: 'analyze'; id: number; request: AnalyzeRequest };

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'diagnostics'; id: number; analysis: ModelAnalysis }
  | { type: 'result'; id: number; indexJson: string; indexMs: number }
  | { type: 'error'; id: number; message: string };
