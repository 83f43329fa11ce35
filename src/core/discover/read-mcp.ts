/**
 * MCP client configurations (.mcp.json, .vscode/mcp.json, .cursor/mcp.json, Claude Desktop's
 * claude_desktop_config.json): each server's transport, its command or URL, and the NAMES of the
 * environment variables it gets. Values are never read into the result: configurations hold tokens.
 */
import { parseJsonWithPositions, prop, stringValue, type JsonNode } from './json-positions';
import { empty, type ManifestRead } from './manifest-types';
import type { McpServerInfo } from './types';

/** The server URL without user info, query or fragment (any of which may carry a token). */
export function safeUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^?#]*)/i.exec(url.trim());
  return m ? `${m[1]}${m[2]}` : '(not a URL)';
}

/** The executable's name only: arguments may hold tokens, and an absolute path says little. */
function commandName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.split(/[\\/]/).pop() || first;
}

function server(name: string, node: JsonNode): McpServerInfo | undefined {
  if (node.type !== 'object') return undefined;
  const type = stringValue(prop(node, 'type')?.value)?.toLowerCase();
  const url = stringValue(prop(node, 'url')?.value) ?? stringValue(prop(node, 'serverUrl')?.value);
  const command = stringValue(prop(node, 'command')?.value);
  const envNode = prop(node, 'env')?.value;
  const env = envNode?.type === 'object' ? [...new Set(envNode.props.map((p) => p.key))].sort() : [];
  const transport = type === 'sse' ? 'sse' : url !== undefined || type === 'http' || type === 'streamable-http' ? 'streamable-http' : 'stdio';
  return {
    name,
    transport,
    ...(transport === 'stdio' && command !== undefined ? { command: commandName(command) } : {}),
    ...(transport !== 'stdio' && url !== undefined ? { url: safeUrl(url) } : {}),
    env,
  };
}

export function readMcpConfig(text: string): ManifestRead {
  // VS Code's mcp.json is JSON with comments; Claude's and Cursor's are JSON, which JSONC also reads.
  const parsed = parseJsonWithPositions(text, true);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  const out = empty();
  const servers = prop(parsed.node, 'mcpServers')?.value ?? prop(parsed.node, 'servers')?.value;
  if (servers?.type !== 'object') return out;
  for (const p of servers.props) {
    const info = server(p.key, p.value);
    if (info) out.mcp.push({ server: info, offset: p.keyOffset + 1, length: Math.max(0, p.keyLength - 2) });
  }
  return out;
}
