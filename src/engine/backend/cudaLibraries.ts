import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// The CUDA and cuDNN shared libraries libtensorflow opens when it looks for a GPU, and where this machine
// has them. libtensorflow opens each by its exact soname through the dynamic loader, so a library counts
// only under that name and only where the loader looks; the same file elsewhere needs LD_LIBRARY_PATH.

/**
 * What @tensorflow/tfjs-node-gpu 4.22 runs on: its scripts/deps-constants.js pins libtensorflow 2.9.1, and
 * TensorFlow's tested build configurations (https://www.tensorflow.org/install/source#gpu) list
 * tensorflow-2.9.0 with CUDA 11.2 and cuDNN 8.1; the tfjs-node 4.22.0 README asks for the same (CUDA
 * Toolkit 11.2, cuDNN SDK 8.1.0, NVIDIA driver > 450.x).
 */
export const TENSORFLOW_GPU_BUILD = {
  packageVersion: '4.22.0',
  tensorflow: '2.9.1',
  cuda: '11.2',
  cudnn: '8.1',
} as const;

export interface CudaLibrary {
  /** The library's base name, as the report lists it. */
  readonly name: string;
  /** The file name libtensorflow asks the loader for. */
  readonly soname: string;
  /** The package of NVIDIA's apt repository that installs it. */
  readonly aptPackage: string;
}

/**
 * The libraries TensorFlow 2.9's dlopen check (stream_executor/platform/default/dlopen_checker.cc) opens,
 * with the sonames of CUDA 11 and cuDNN 8, as its "Could not load dynamic library" warnings name them.
 */
export const CUDA_LIBRARIES: readonly CudaLibrary[] = [
  { name: 'libcudart', soname: 'libcudart.so.11.0', aptPackage: 'cuda-cudart-11-2' },
  { name: 'libcublas', soname: 'libcublas.so.11', aptPackage: 'libcublas-11-2' },
  { name: 'libcublasLt', soname: 'libcublasLt.so.11', aptPackage: 'libcublas-11-2' },
  { name: 'libcufft', soname: 'libcufft.so.10', aptPackage: 'libcufft-11-2' },
  { name: 'libcurand', soname: 'libcurand.so.10', aptPackage: 'libcurand-11-2' },
  { name: 'libcusolver', soname: 'libcusolver.so.11', aptPackage: 'libcusolver-11-2' },
  { name: 'libcusparse', soname: 'libcusparse.so.11', aptPackage: 'libcusparse-11-2' },
  { name: 'libcudnn', soname: 'libcudnn.so.8', aptPackage: 'libcudnn8=8.1.0.77-1+cuda11.2' },
];

/** One library the loader's cache knows: `ldconfig -p` lines. */
export interface CachedLibrary {
  readonly soname: string;
  readonly path: string;
}

export interface LibrarySearch {
  /** Folders the dynamic loader searches by itself: LD_LIBRARY_PATH's, then the system's. */
  readonly loaderFolders: readonly string[];
  /** The loader's cache, which covers the folders of /etc/ld.so.conf. */
  readonly cache: readonly CachedLibrary[];
  /** Where CUDA installs that the loader may not search (/usr/local/cuda*\/lib64). */
  readonly otherFolders: readonly string[];
}

export interface LibraryFinding {
  readonly name: string;
  /** The soname libtensorflow asks for. */
  readonly required: string;
  /** Every file of this library found, any version, loadable or not. */
  readonly found: readonly string[];
  /** The loader finds the required soname. */
  readonly ok: boolean;
  /** Folders holding the required soname that the loader does not search; LD_LIBRARY_PATH would fix it. */
  readonly offLoaderPath: readonly string[];
}

/** The folders the loader searches without being told, as Debian and Ubuntu lay them out. */
export const SYSTEM_LIBRARY_FOLDERS = [
  '/lib',
  '/usr/lib',
  '/lib64',
  '/usr/lib64',
  '/usr/lib/x86_64-linux-gnu',
];

/** `libcublas.so`, `libcublas.so.11`, `libcublas.so.11.4.1.1043`, but not `libcublasLt.so.11`. */
function isFileOf(library: CudaLibrary, fileName: string): boolean {
  const prefix = `${library.name}.so`;
  return (
    fileName === prefix ||
    (fileName.startsWith(`${prefix}.`) && /^[\d.]+$/.test(fileName.slice(prefix.length + 1)))
  );
}

function filesIn(folder: string): readonly string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    // A folder on LD_LIBRARY_PATH that does not exist is common and harmless.
    return [];
  }
}

/** One entry per file, however many links and listed folders lead to it (/usr/local/cuda → cuda-11.2). */
function distinctFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((file) => {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      real = file;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/** Where each CUDA library is, and whether the loader will find the version TensorFlow asks for. */
export function findCudaLibraries(search: LibrarySearch): LibraryFinding[] {
  const listings = (folders: readonly string[]) =>
    folders.map((folder) => ({ folder, files: filesIn(folder) }));
  const loader = listings(search.loaderFolders);
  const other = listings(search.otherFolders);
  return CUDA_LIBRARIES.map((library) => {
    const inFolders = (listed: typeof loader) =>
      listed.flatMap(({ folder, files }) =>
        files.filter((file) => isFileOf(library, file)).map((file) => path.join(folder, file)),
      );
    const cached = search.cache.filter((entry) => isFileOf(library, entry.soname));
    const loadable =
      cached.some((entry) => entry.soname === library.soname) ||
      loader.some(({ files }) => files.includes(library.soname));
    const offLoaderPath = loadable
      ? []
      : other.filter(({ files }) => files.includes(library.soname)).map(({ folder }) => folder);
    return {
      name: library.name,
      required: library.soname,
      found: distinctFiles([...cached.map((entry) => entry.path), ...inFolders(loader), ...inFolders(other)]),
      ok: loadable,
      offLoaderPath,
    };
  });
}

/** `\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda-11.2/lib64/libcudart.so.11.0` lines. */
export function parseLdconfigCache(text: string): CachedLibrary[] {
  return text.split('\n').flatMap((line) => {
    const match = /^\s+(\S+)\s+\(.*\)\s+=>\s+(\S.*)$/.exec(line);
    return match?.[1] && match[2] ? [{ soname: match[1], path: match[2].trim() }] : [];
  });
}

/** The loader's cache; ldconfig lives in /sbin, which is not on every user's PATH. */
async function readLdconfigCache(): Promise<CachedLibrary[]> {
  for (const command of ['ldconfig', '/sbin/ldconfig']) {
    try {
      const { stdout } = await promisify(execFile)(command, ['-p'], { maxBuffer: 16 * 1024 * 1024 });
      return parseLdconfigCache(stdout);
    } catch {
      // Not there, or not allowed; try the next one.
    }
  }
  return [];
}

/** `/usr/local/cuda/lib64`, `/usr/local/cuda-11.2/lib64`, ...: where NVIDIA's installers put CUDA. */
export function cudaInstallFolders(root = '/usr/local'): string[] {
  return filesIn(root)
    .filter((entry) => entry === 'cuda' || entry.startsWith('cuda-'))
    .sort()
    .map((entry) => path.join(root, entry, 'lib64'))
    .filter((folder) => fs.existsSync(folder));
}

/** This machine's search: LD_LIBRARY_PATH, the system folders and the loader's cache, then CUDA's folders. */
export async function librarySearchHere(env: NodeJS.ProcessEnv = process.env): Promise<LibrarySearch> {
  const fromEnv = (env.LD_LIBRARY_PATH ?? '').split(':').filter((folder) => folder !== '');
  return {
    loaderFolders: [...fromEnv, ...SYSTEM_LIBRARY_FOLDERS],
    cache: await readLdconfigCache(),
    otherFolders: cudaInstallFolders(),
  };
}
