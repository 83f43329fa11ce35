/** What a manifest reader returns: package references with offsets, MCP servers, or a parse error. */
import type { Ecosystem, McpServerInfo } from './types';

export interface PackageRef {
  eco: Ecosystem;
  name: string;
  offset: number;
  length: number;
  /** From a lockfile that does not say whether the package is a direct dependency (yarn.lock): it only
   *  adds evidence to a package some manifest declares directly, never a discovery of its own. */
  indirect?: boolean;
}

export interface McpRef {
  server: McpServerInfo;
  offset: number;
  length: number;
}

export interface ManifestRead {
  packages: PackageRef[];
  mcp: McpRef[];
  /** Malformed text: the first error, with its offset. */
  error?: { offset: number; message: string };
  /** Parts that could not be read (a line that is not a requirement ...): reported, the rest still read. */
  warnings?: Array<{ offset: number; message: string }>;
}

export const empty = (): ManifestRead => ({ packages: [], mcp: [] });
