import { z } from 'zod';

// Every message that crosses the webview boundary is declared here, once, and checked on arrival:
// the webview is a separate, untrusted context, so the host never acts on an unparsed message.

export const WebviewToHostMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessage>;

export const HostToWebviewMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hostInfo'),
    extensionVersion: z.string(),
    workspaceName: z.string().optional(),
  }),
]);
export type HostToWebviewMessage = z.infer<typeof HostToWebviewMessage>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` at '${first.path.join('.')}'` : '';
  return { ok: false, error: `invalid message${where}: ${first?.message ?? 'unknown problem'}` };
}

export const parseWebviewToHost = (raw: unknown): ParseResult<WebviewToHostMessage> =>
  parseWith(WebviewToHostMessage, raw);
export const parseHostToWebview = (raw: unknown): ParseResult<HostToWebviewMessage> =>
  parseWith(HostToWebviewMessage, raw);
