import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export interface DownloadProgress {
  readonly url: string;
  readonly receivedBytes: number;
  /** Absent when the server sends no Content-Length. */
  readonly totalBytes?: number;
}

export interface DownloadOptions {
  /** The cache root; each URL gets its own folder under `downloads/`. */
  readonly cacheDir: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Gives up when the server sends nothing for this long. Default 30 s. */
  readonly idleTimeoutMs?: number;
}

export class DownloadError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly hint: string,
  ) {
    super(`Could not download ${url}: ${message}`);
    this.name = 'DownloadError';
  }
}

const MAX_REDIRECTS = 5;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const NETWORK_HINT =
  'Check the URL and your network (a proxy needs HTTPS_PROXY set for VS Code and the CLI), or download the file yourself and put its local path in models.json.';

/** Where a URL is cached: a folder named by the URL's hash, so two URLs never share a file. */
export function cachedPathOf(url: string, cacheDir: string): string {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const name = path.posix.basename(new URL(url).pathname) || 'download';
  return path.join(cacheDir, 'downloads', key, name);
}

type Response = http.IncomingMessage;

function request(url: string, idleTimeoutMs: number): Promise<Response> {
  const client = new URL(url).protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.get(url, resolve);
    outgoing.setTimeout(idleTimeoutMs, () =>
      outgoing.destroy(new Error(`no response for ${String(idleTimeoutMs / 1000)} s`)),
    );
    outgoing.on('error', reject);
  });
}

async function follow(url: string, idleTimeoutMs: number): Promise<Response> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const protocol = new URL(current).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new DownloadError(url, `unsupported scheme '${protocol}'`, 'Use an http:// or https:// URL.');
    }
    let response: Response;
    try {
      response = await request(current, idleTimeoutMs);
    } catch (error) {
      throw new DownloadError(url, (error as Error).message, NETWORK_HINT);
    }
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      current = new URL(location, current).toString();
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new DownloadError(url, `the server answered HTTP ${String(status)}`, NETWORK_HINT);
    }
    return response;
  }
  throw new DownloadError(url, `more than ${String(MAX_REDIRECTS)} redirects`, NETWORK_HINT);
}

function progressCounter(
  url: string,
  totalBytes: number | undefined,
  onProgress: DownloadOptions['onProgress'],
) {
  let receivedBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      receivedBytes += chunk.length;
      onProgress?.({ url, receivedBytes, totalBytes });
      done(null, chunk);
    },
  });
}

/**
 * Downloads a URL to `target`, once: a file already there is returned without touching the network. The
 * body goes to a temporary file that is renamed into place only when complete and of the announced length,
 * so an interrupted download is never mistaken for a finished one.
 */
export async function downloadFile(url: string, target: string, options: DownloadOptions): Promise<string> {
  if (fs.existsSync(target)) return target;
  const response = await follow(url, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  const announced = Number(response.headers['content-length']);
  const totalBytes = Number.isFinite(announced) && announced >= 0 ? announced : undefined;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${String(process.pid)}.part`;
  try {
    await pipeline(
      response,
      progressCounter(url, totalBytes, options.onProgress),
      fs.createWriteStream(temporary),
    );
    const written = fs.statSync(temporary).size;
    if (totalBytes !== undefined && written !== totalBytes) {
      throw new DownloadError(
        url,
        `the connection closed after ${String(written)} of ${String(totalBytes)} bytes`,
        NETWORK_HINT,
      );
    }
    fs.renameSync(temporary, target);
    return target;
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(url, (error as Error).message, NETWORK_HINT);
  }
}

/** Downloads a URL into its own folder of the cache (see cachedPathOf). */
export const downloadToCache = (url: string, options: DownloadOptions): Promise<string> =>
  downloadFile(url, cachedPathOf(url, options.cacheDir), options);
