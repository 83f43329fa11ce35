/**
 * Light, dark and high-contrast themes (runtime: webview). VS Code marks the body with `vscode-light`,
 * `vscode-dark`, `vscode-high-contrast` or `vscode-high-contrast-light`; mermaid gets a matching theme, and
 * for high contrast the editor's own colours (mermaid derives shades from them, so they must be hex).
 */
export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

export function currentTheme(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'hc-light';
  if (c.contains('vscode-high-contrast')) return 'hc-dark';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return /^#[0-9a-fA-F]{3,8}$/.test(v) ? v : fallback;
}

/** mermaid `theme` and `themeVariables` for a VS Code theme. */
export function mermaidTheme(kind: ThemeKind): { theme: 'default' | 'dark' | 'base'; themeVariables?: Record<string, string> } {
  if (kind === 'light') return { theme: 'default' };
  if (kind === 'dark') return { theme: 'dark' };
  const dark = kind === 'hc-dark';
  const bg = cssColor('--vscode-editor-background', dark ? '#000000' : '#ffffff');
  const fg = cssColor('--vscode-editor-foreground', dark ? '#ffffff' : '#000000');
  const border = cssColor('--vscode-contrastBorder', dark ? '#6fc3df' : '#0f4a85');
  return {
    theme: 'base',
    themeVariables: {
      darkMode: String(dark), background: bg, primaryColor: bg, primaryTextColor: fg, primaryBorderColor: border,
      secondaryColor: bg, tertiaryColor: bg, lineColor: fg, textColor: fg, mainBkg: bg, nodeBorder: border,
      clusterBkg: bg, clusterBorder: fg, edgeLabelBackground: bg, titleColor: fg,
    },
  };
}

/** Calls `onChange` when the user switches the colour theme. */
export function watchTheme(onChange: (kind: ThemeKind) => void): void {
  let last = currentTheme();
  new MutationObserver(() => {
    const now = currentTheme();
    if (now !== last) {
      last = now;
      onChange(now);
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
