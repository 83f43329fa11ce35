export interface BrowserLookup { env?: NodeJS.ProcessEnv; platform?: string; exists?: (file: string) => boolean }
export interface FoundBrowser { path?: string; from: string; problem?: string }
export function findBrowser(opts?: BrowserLookup): FoundBrowser;
export function requireBrowser(opts?: BrowserLookup): string;
export function missingBrowserMessage(found?: FoundBrowser): string;
export const CHROMIUM_ARGS: string[];
