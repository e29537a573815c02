/**
 * Turns what nodemailer's SMTP connection throws into a protocol error in words the user can act
 * on, and says whether the message may have reached the server anyway. Only a failure after the
 * message data went out and before the server's answer to it is uncertain (RFC 5321 §4.1.1.4:
 * the server takes responsibility with its 250 to the final dot, which the client then never saw).
 */
import { BridgeError, ErrorCode } from '../../protocol';
import { untrustedCertificate } from '../tls-failure';

export interface SmtpFailure {
  error: BridgeError;
  /** The message data went out and no answer to it came back: it may have been delivered. */
  uncertain: boolean;
}

interface SmtpErrorLike {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  rejectedErrors?: unknown;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

/**
 * Envelope commands: the server answered them, so no message data has gone out yet. A dropped
 * socket is reported with command "CONN" whatever the phase, so only these count as certain.
 */
const ENVELOPE = /^(MAIL|RCPT)/i;

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** The server's own words (its reply text), else the error's message. */
function reason(e: SmtpErrorLike): string {
  const text = typeof e.response === 'string' && e.response ? e.response : String(e.message ?? 'unknown error');
  return clip(text.replace(/[\r\n]+/g, ' '));
}

export function toSmtpFailure(err: unknown, dataSent: boolean): SmtpFailure {
  if (err instanceof BridgeError) return { error: err, uncertain: false };
  const e: SmtpErrorLike = typeof err === 'object' && err !== null ? (err as SmtpErrorLike) : {};
  const code = typeof e.code === 'string' ? e.code : '';
  const command = typeof e.command === 'string' ? e.command : '';
  const status = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const fail = (c: ErrorCode, message: string): SmtpFailure => ({
    error: new BridgeError(c, message),
    uncertain: false,
  });

  if (code === 'EAUTH' || code === 'ENOAUTH' || status === 535)
    return fail(ErrorCode.AuthFailed, `authentication failed: ${reason(e)}`);
  if (CERT_CODES.has(code)) return { error: untrustedCertificate(code, undefined), uncertain: false };
  if (code === 'EENVELOPE' && (status >= 500 || /RCPT/i.test(command) || Array.isArray(e.rejectedErrors)))
    return status === 552
      ? fail(ErrorCode.SizeRefused, `message too large for the server: ${reason(e)}`)
      : fail(ErrorCode.RecipientRefused, `recipient refused: ${reason(e)}`);
  // nodemailer refuses locally what the server's EHLO SIZE (RFC 1870) already ruled out.
  if (code === 'EMESSAGE' && /size/i.test(String(e.message)))
    return fail(ErrorCode.SizeRefused, `message too large for the server: ${reason(e)}`);
  if (status === 552 || status === 523)
    return fail(ErrorCode.SizeRefused, `message too large for the server: ${reason(e)}`);
  if (status >= 500) return fail(ErrorCode.ServerError, `the server refused the message: ${reason(e)}`);
  // 4xx is a temporary refusal (RFC 5321 §4.2.1): the same send may work later.
  if (status >= 400) return fail(ErrorCode.ConnectionFailed, `the server is not accepting mail now: ${reason(e)}`);
  const uncertain = dataSent && !ENVELOPE.test(command);
  const message = `server unreachable or connection lost (${code || 'no code'}): ${reason(e)}`;
  if (code === 'ETIMEDOUT') return { error: new BridgeError(ErrorCode.Timeout, message), uncertain };
  return { error: new BridgeError(ErrorCode.ConnectionFailed, message), uncertain };
}
