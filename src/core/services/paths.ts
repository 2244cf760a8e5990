/** Workspace-relative paths with `/` separators (the engine never sees the platform's). */

/** The directory part of a workspace-relative path ('' at the root). */
export function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

export function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
