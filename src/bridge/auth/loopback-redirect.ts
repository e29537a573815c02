/**
 * The loopback redirect listener of a sign-in (RFC 8252 §7.3): one HTTP server on a random port
 * of both 127.0.0.1 and ::1, because the browser may resolve `localhost` to either. It takes one
 * redirect to `/oauth/callback`, answers the tab with a short page, and closes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BridgeError, ErrorCode } from '../../protocol';

export const CALLBACK_PATH = '/oauth/callback';

export interface CallbackPage {
  ok: boolean;
  message: string;
}

export interface LoopbackRedirect {
  port: number;
  /** `http://localhost:<port>/oauth/callback`: Microsoft matches `http://localhost` with any port. */
  redirectUri: string;
  close(): void;
}

/**
 * Opens the listener. `onCallback` gets the redirect's query and returns what the tab shows; it
 * runs once: later requests get "already handled". `port` 0 picks a free one.
 */
export async function openLoopbackRedirect(
  onCallback: (query: URLSearchParams) => Promise<CallbackPage>,
  port = 0,
): Promise<LoopbackRedirect> {
  let handled = false;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (handled) {
      page(res, { ok: false, message: 'This sign-in was already handled. You can close this tab.' });
      return;
    }
    handled = true;
    // The listener's job ends with this answer: close once the page is out.
    res.once('finish', () => close());
    onCallback(url.searchParams).then(
      (p) => page(res, p),
      () => page(res, { ok: false, message: 'Sign-in failed. Return to Mailglance for details.' }),
    );
  };
  const servers: Server[] = [];
  const close = () => {
    for (const s of servers) {
      s.close();
      s.closeAllConnections();
    }
  };
  try {
    const v4 = await listen(createServer(handler), '127.0.0.1', port);
    servers.push(v4.server);
    // Same port on ::1; a host without IPv6 loopback only has the IPv4 one (EADDRNOTAVAIL).
    const v6 = await listen(createServer(handler), '::1', v4.port).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT') return undefined;
      throw err;
    });
    if (v6) servers.push(v6.server);
    return { port: v4.port, redirectUri: `http://localhost:${v4.port}${CALLBACK_PATH}`, close };
  } catch (err) {
    close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new BridgeError(
      ErrorCode.SignInFailed,
      code === 'EADDRINUSE'
        ? `the sign-in could not listen on localhost port ${port || 'chosen'}: it is in use; try again`
        : `the sign-in could not listen on localhost (${code ?? 'error'})`,
    );
  }
}

function listen(server: Server, host: string, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page without script or remote content; `Cache-Control: no-store` keeps the code out of caches. */
function page(res: ServerResponse, p: CallbackPage): void {
  const title = p.ok ? 'Signed in to Mailglance' : 'Mailglance sign-in failed';
  res
    .writeHead(p.ok ? 200 : 400, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'referrer-policy': 'no-referrer',
    })
    .end(
      `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
        `<body style="font:16px system-ui;margin:3em"><h1>${title}</h1><p id="message">${escapeHtml(p.message)}</p></body>`,
    );
}
