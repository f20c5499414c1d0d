import { z } from 'zod';

// zod compiles validators with `new Function` when it may; the webview's CSP forbids eval, and even zod's
// probe for it is reported as a violation. Interpreted validation is fast enough for panel messages.
// This module must be imported before any module that builds a schema: zod reads the flag at construction.
z.config({ jitless: true });
