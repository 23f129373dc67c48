import { normaliseViewPath, type ViewEntry, type WorkspaceView } from './workspace-view.js';

/** A view of the directory `dir` of `view`: its paths are relative to `dir`. */
export function subView(view: WorkspaceView, dir: string): WorkspaceView {
  const base = normaliseViewPath(dir);
  if (base === '') return view;
  const inner = (p: string) => {
    const rel = normaliseViewPath(p);
    return rel === '' ? base : `${base}/${rel}`;
  };
  return {
    exists: (p) => view.exists(inner(p)),
    readFile: (p) => view.readFile(inner(p)),
    list: (p) => view.list(inner(p)),
  };
}

/** Names a repository may carry beside its one app folder without making it anything but a wrapper. */
const INCIDENTAL = /^(readme|license|licence|changelog|contributing|code_of_conduct|security)(\.[a-z]+)?$/i;

/**
 * When the root holds nothing but one folder (besides dot-files and READMEs), the folder that
 * holds the app: followed down while that stays true, at most `depth` levels.
 */
export async function loneSubfolder(view: WorkspaceView, depth = 3): Promise<string | undefined> {
  let dir = '';
  for (let level = 0; level < depth; level++) {
    const entries: ViewEntry[] = (await view.list(dir || '.')).filter((e) => !e.name.startsWith('.') && !INCIDENTAL.test(e.name));
    const only = entries[0];
    if (entries.length !== 1 || only === undefined || only.type !== 'dir') break;
    dir = dir ? `${dir}/${only.name}` : only.name;
  }
  return dir === '' ? undefined : dir;
}
