import { describe, expect, it } from 'vitest';
import { toSmtpFailure } from './smtp-errors';

const err = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);

describe('toSmtpFailure', () => {
  it('names the cause in words with the protocol code', () => {
    expect(toSmtpFailure(err({ code: 'EAUTH', responseCode: 535, response: '535 Invalid' }), false).error.code).toBe(
      'AUTH_FAILED',
    );
    expect(toSmtpFailure(err({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }), true).error.code).toBe(
      'RECIPIENT_REFUSED',
    );
    expect(
      toSmtpFailure(err({ code: 'EMESSAGE', message: 'Message size larger than allowed 10' }), true).error.code,
    ).toBe('SIZE_REFUSED');
    expect(toSmtpFailure(err({ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }), true).error.code).toBe(
      'SIZE_REFUSED',
    );
    expect(toSmtpFailure(err({ code: 'ESOCKET', message: 'connect ECONNREFUSED' }), false).error.code).toBe(
      'CONNECTION_FAILED',
    );
  });

  it('is uncertain only when the data may have left and no answer came', () => {
    expect(toSmtpFailure(err({ code: 'ECONNECTION', command: 'CONN' }), false).uncertain).toBe(false);
    expect(toSmtpFailure(err({ code: 'ECONNECTION', command: 'CONN' }), true).uncertain).toBe(true);
    expect(toSmtpFailure(err({ code: 'ETIMEDOUT' }), true)).toMatchObject({
      uncertain: true,
      error: { code: 'TIMEOUT' },
    });
    // The server answered: whatever it said, it said it about this try.
    expect(toSmtpFailure(err({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }), true).uncertain).toBe(false);
    expect(toSmtpFailure(err({ code: 'ECONNECTION', command: 'RCPT TO' }), true).uncertain).toBe(false);
  });

  it('treats 4xx as temporary (retryable) and 5xx as final', () => {
    expect(toSmtpFailure(err({ responseCode: 451, command: 'DATA' }), true).error.code).toBe('CONNECTION_FAILED');
    expect(toSmtpFailure(err({ responseCode: 554, command: 'DATA' }), true).error.code).toBe('SERVER_ERROR');
  });
});
