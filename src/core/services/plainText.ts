/**
 * The hover's Markdown as plain text, for clients without Markdown (`contentFormat`
 * without `markdown`, e.g. Eglot without markdown-mode): links keep their text, emphasis and code marks go,
 * backslash escapes (escapeMarkdown) are undone.
 */
export function markdownToPlain(md: string): string {
  return md
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]<>()#+!|~])|\*\*|`/g, (_m, escaped: string | undefined) => escaped ?? '');
}
