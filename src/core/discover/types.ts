/**
 * Discovery: the AI parts a repository declares (dependency manifests, MCP client configurations), each
 * with the file and line that proves it. Plain data, deterministic (sorted), like problems and findings.
 * Mirrors schemas/discovery-signatures.schema.json for the signatures.
 */
import type { Problem, Range } from '../problem';
import type { ComponentKind, ProviderKind } from '../model/types';

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven';
export const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'go', 'cargo', 'maven'];

export type SignatureCategory =
  | 'model-sdk' | 'orchestration' | 'agent-framework' | 'vector-store' | 'mcp-sdk' | 'guardrail' | 'evaluation';

/** One signature of catalog/discovery/*.yaml. */
export interface Signature {
  id: string;
  title: string;
  category: SignatureCategory;
  aliases?: string[];
  propose?: {
    kind: ComponentKind;
    match?: 'vendor' | 'kind';
    hosting?: 'provider-hosted' | 'self-hosted';
    provider?: { id: string; name: string; kind: ProviderKind };
  };
  packages: Partial<Record<Ecosystem, string[]>>;
}

/** A place in a repository file that shows a discovery (path relative to the repository, `/`-separated). */
export interface Evidence {
  file: string;
  range: Range;
  /** What was found there, e.g. `npm package openai`; never a secret's value. */
  detail: string;
}

export interface McpServerInfo {
  /** The server's name in the configuration. */
  name: string;
  transport: 'stdio' | 'streamable-http' | 'sse';
  /** The executable (stdio), without its arguments. */
  command?: string;
  /** The server URL (http, sse) without user info, query or fragment. */
  url?: string;
  /** Environment variable names given to the server (never their values), sorted. */
  env: string[];
}

export interface Discovery {
  /** `<signature id>` or `mcp:<server name>`; unique in a result. */
  id: string;
  title: string;
  category: SignatureCategory | 'mcp-server';
  /** The model element this part calls for; absent means information only (never drift). */
  propose?: Signature['propose'] & { kind: ComponentKind };
  /** Lower-case tokens a declaring model element names (empty when `match` is `kind`). */
  aliases: string[];
  mcp?: McpServerInfo;
  /** Sorted by file, then position. */
  evidence: Evidence[];
}

export interface DiscoverResult {
  discoveries: Discovery[];
  /** Hostile, malformed, binary, oversized or unreadable files; symlinks that leave the repository. */
  problems: Problem[];
  /** What was looked at: deterministic counts (no timings). */
  stats: { directories: number; files: number; manifests: number };
}

/** One directory entry as the host sees it, symlinks not followed. */
export interface DirEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
}

/**
 * File access for discovery, relative to the repository root (`''` is the root, `/`-separated paths).
 * The engine never touches the file system itself; the CLI and the extension pass a host.
 */
export interface DiscoverHost {
  /** The entries of a directory (unsorted is fine), or undefined when it cannot be read. */
  list(dir: string): DirEntry[] | undefined;
  /** The file's bytes, `'too-large'` when over `maxBytes` (checked before reading), undefined when unreadable. */
  read(file: string, maxBytes: number): Uint8Array | 'too-large' | undefined;
  /** Where a symlink points: `inside` the repository, `outside` it, or `broken`. Never followed by discovery. */
  linkTarget(path: string): 'inside' | 'outside' | 'broken';
}

export interface DiscoverOptions {
  /** Largest manifest read, in bytes (default 8 MB); larger ones get TM-DISCOVER-TOO-LARGE. */
  maxFileBytes?: number;
  /** Most directory entries visited before the walk stops with TM-DISCOVER-TOO-MANY-FILES (default 500,000). */
  maxEntries?: number;
  /** Signatures to use (default: the built-in ones). */
  signatures?: readonly Signature[];
}
