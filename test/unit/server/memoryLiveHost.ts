import type { LiveWorkspaceHost, ReadResult, WorkspaceHost } from '../../../src/core/host';
import { MemoryHost } from '../memoryHost';

/** A workspace in memory for the server's Workspace: change `files` and send the event. */
export class MemoryLiveHost extends MemoryHost implements LiveWorkspaceHost {
  reads = 0;

  kindOf(path: string): 'file' | 'directory' | undefined {
    if (this.files[path] !== undefined) return 'file';
    return Object.keys(this.files).some((f) => f.startsWith(`${path}/`)) ? 'directory' : undefined;
  }

  readNow(path: string): ReadResult {
    this.reads++;
    const text = this.files[path];
    return text === undefined ? { notice: 'no such file', missing: true } : { text };
  }

  filesBelow(dir: string, wanted: (p: string) => boolean, skipDir: (d: string) => boolean): string[] {
    return Object.keys(this.files)
      .filter((f) => {
        if (!f.startsWith(`${dir}/`) || !wanted(f)) return false;
        const parts = f.split('/');
        for (let i = dir.split('/').length + 1; i < parts.length; i++)
          if (skipDir(parts.slice(0, i).join('/'))) return false;
        return true;
      })
      .sort();
  }

  forFullIndex(): WorkspaceHost {
    return this;
  }
}
