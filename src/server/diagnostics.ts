/**
 * Publishing diagnostics: one textDocument/publishDiagnostics per file whose findings
 * changed, with the open document's version, and [] for a file that had some and has none.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Finding } from '../core/model/finding';
import { toDiagnostic } from './convert';
import type { UriMapper } from './uris';

export interface VersionSource {
  get(uri: string): { readonly version: number } | undefined;
}

export class DiagnosticsPublisher {
  /** Files for which non-empty diagnostics were last published. */
  private readonly published = new Set<string>();

  constructor(
    private readonly send: (params: PublishDiagnosticsParams) => void,
    private readonly documents: VersionSource,
  ) {}

  publish(uris: UriMapper, file: string, findings: readonly Finding[]): void {
    const uri = uris.toUri(file);
    const version = this.documents.get(uri)?.version;
    this.send({
      uri,
      diagnostics: findings.map((f) => toDiagnostic(f, uris)),
      ...(version !== undefined ? { version } : {}),
    });
    if (findings.length > 0) this.published.add(file);
    else this.published.delete(file);
  }

  /** Every file of `now` (in path order), then [] for files that had findings and are not in `now`. */
  publishAll(uris: UriMapper, now: ReadonlyMap<string, readonly Finding[]>): void {
    const stale = [...this.published].filter((f) => !now.has(f));
    for (const file of [...now.keys()].sort()) this.publish(uris, file, now.get(file)!);
    for (const file of stale) this.publish(uris, file, []);
  }

  hasPublished(file: string): boolean {
    return this.published.has(file);
  }
}
