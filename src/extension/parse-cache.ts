/**
 * One parse per document version, shared by everything in the extension host that reads a model's text:
 * hover and completion (the tolerant YAML tree their cursor context starts from), the diagram panel and drift
 * (the loaded model). Before, each request parsed the whole text again: 0.3 s per hover or completion at
 * 2 MB, on the extension host's one thread.
 *
 * Keyed by document URI and version (VS Code bumps the version on every change), and checked against the text
 * itself, since a document closed and opened again starts at version 1 with possibly other text. Entries are
 * dropped when their document changes or closes; at most `maxDocuments` documents are kept (least recently
 * used first out), so memory stays bounded however many files are opened. No vscode import: unit-testable.
 */
import { parseDocument, type Document } from 'yaml';
import { loadModel, type LoadResult } from '../core/model/load';

/** The part of a `vscode.TextDocument` the cache reads. */
export interface VersionedDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(): string;
}

interface Entry {
  version: number;
  text: string;
  yaml?: Document.Parsed;
  model?: { file: string; result: LoadResult };
}

export class DocumentParseCache {
  private readonly entries = new Map<string, Entry>();
  /** Parses done (misses) and answers from the cache (hits), for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly maxDocuments = 3) {}

  /** The text of this version of the document (read once per version). */
  text(doc: VersionedDocument): string {
    return this.entry(doc).text;
  }

  /** A tolerant YAML parse of the document (cursor context for hover and completion). */
  yaml(doc: VersionedDocument): Document.Parsed {
    const e = this.entry(doc);
    if (e.yaml) { this.stats.hits++; return e.yaml; }
    this.stats.misses++;
    e.yaml = parseDocument(e.text, { uniqueKeys: false, strict: false, prettyErrors: false });
    return e.yaml;
  }

  /** `loadModel` of the document under the engine's file name for it (diagram, drift). */
  model(doc: VersionedDocument, file: string): LoadResult {
    const e = this.entry(doc);
    if (e.model?.file === file) { this.stats.hits++; return e.model.result; }
    this.stats.misses++;
    e.model = { file, result: loadModel(e.text, file) };
    return e.model.result;
  }

  /** Forget a document (it changed or closed). */
  invalidate(uri: { toString(): string }): void {
    this.entries.delete(uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private entry(doc: VersionedDocument): Entry {
    const key = doc.uri.toString();
    const text = doc.getText();
    let e = this.entries.get(key);
    if (e && (e.version !== doc.version || e.text !== text)) e = undefined;
    if (!e) e = { version: doc.version, text };
    // Most recently used last; the first key is the one to drop.
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.maxDocuments) this.entries.delete(this.entries.keys().next().value!);
    return e;
  }
}
