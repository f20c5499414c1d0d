// Paths in app_state.json are relative to its folder; the panel gets absolute paths from the host. This
// is string logic only (the webview has no Node), for POSIX paths and Windows drive paths.

interface Parsed {
  /** `/` or `C:\`. */
  readonly root: string;
  readonly separator: string;
  readonly caseless: boolean;
  readonly parts: readonly string[];
}

const DRIVE = /^[A-Za-z]:[\\/]/;

function segments(path: string): string[] {
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return parts;
}

function parseAbsolute(path: string): Parsed {
  const drive = DRIVE.test(path);
  return {
    root: drive ? `${path.slice(0, 2)}\\` : '/',
    separator: drive ? '\\' : '/',
    caseless: drive,
    parts: segments(drive ? path.slice(3) : path),
  };
}

const format = ({ root, separator, parts }: Parsed): string => root + parts.join(separator);
const isAbsolute = (path: string): boolean => path.startsWith('/') || DRIVE.test(path);

/** `path` made absolute: resolved against the folder of the absolute `file` unless it is absolute already. */
export function resolveBeside(file: string, path: string): string {
  if (isAbsolute(path)) return format(parseAbsolute(path));
  const base = parseAbsolute(file);
  return format({ ...base, parts: segments([...base.parts.slice(0, -1), path].join('/')) });
}

const sameSegment = (caseless: boolean, a: string | undefined, b: string | undefined): boolean =>
  caseless ? a?.toLowerCase() === b?.toLowerCase() : a === b;

/** Whether two absolute paths name the same place (Windows paths compare without case). */
export function samePath(a: string, b: string): boolean {
  const [x, y] = [parseAbsolute(a), parseAbsolute(b)];
  const caseless = x.caseless && y.caseless;
  return (
    sameSegment(caseless, x.root, y.root) &&
    x.parts.length === y.parts.length &&
    x.parts.every((part, index) => sameSegment(caseless, part, y.parts[index]))
  );
}

/** The absolute `target` relative to the folder of the absolute `file`, `/`-separated, as app_state.json writes it. */
export function relativeBeside(file: string, target: string): string {
  const from = parseAbsolute(file);
  const to = parseAbsolute(target);
  if (!sameSegment(from.caseless, from.root, to.root)) return format(to);
  const folder = from.parts.slice(0, -1);
  let shared = 0;
  while (shared < folder.length && sameSegment(from.caseless, folder[shared], to.parts[shared])) shared += 1;
  const relative = [...folder.slice(shared).map(() => '..'), ...to.parts.slice(shared)].join('/');
  return relative === '' ? '.' : relative;
}
