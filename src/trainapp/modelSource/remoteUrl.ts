// Kept apart from the downloader so that the editor's file checks can tell a URL from a path without
// loading the HTTP client.
const REMOTE_URL = /^[a-z][a-z\d+.-]*:\/\//i;

/** A string with a scheme (`https://…`), as opposed to a local path. */
export const isRemoteUrl = (value: string): boolean => REMOTE_URL.test(value);
