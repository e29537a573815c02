/**
 * What an SMTP login sends for an account's credential: user and password (AUTH PLAIN or LOGIN,
 * as the server offers), or for an OAuth account a fresh access token as AUTH XOAUTH2 — the SASL
 * mechanism Google's and Microsoft's submission servers document, with the same bearer string
 * imapflow sends for IMAP. An OAuth account's stored secret is its token set: it must never be
 * sent as a password.
 */
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { AccessTokenSource } from '../auth/token-source';

export type SmtpAuth = Parameters<SMTPConnection['login']>[0];

/** The XOAUTH2 initial response: base64("user=" user ^A "auth=Bearer " token ^A ^A). */
export function xoauth2Response(user: string, accessToken: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${accessToken}\x01\x01`, 'utf8').toString('base64');
}

export async function smtpAuth(user: string, credential: string | AccessTokenSource): Promise<SmtpAuth> {
  if (typeof credential === 'string') return { user, pass: credential };
  let token = await credential.accessToken();
  // The shape nodemailer's connection asks of a token generator: a retry after a refused token
  // asks the source again, which refreshes only when the token is due.
  const oauth2 = {
    getToken(renew: boolean, done: (err: Error | null, accessToken?: string) => void) {
      if (!renew) return done(null, token);
      credential.accessToken().then(
        (fresh) => done(null, (token = fresh)),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    },
    buildXOAuth2Token: (accessToken: string) => xoauth2Response(user, accessToken),
  };
  return { user, oauth2 } as unknown as SmtpAuth;
}
