/**
 * An account's outgoing-mail settings (additive to AccountSettings): the SMTP server and whether a
 * copy of what is sent goes to the Sent folder. Kept apart from model.ts so send.ts can import the
 * model without a cycle.
 */
import * as v from 'valibot';
import { MAX_LEN, MAX_PORT } from './limits';

/** "Save a copy in Sent": auto skips it where the provider files SMTP mail itself. */
export const SentCopyMode = v.picklist(['auto', 'always', 'never']);
export type SentCopyMode = v.InferOutput<typeof SentCopyMode>;

/** The outgoing server of an account; anything left out follows the defaults (rules/smtp-defaults.ts). */
export const SmtpSettings = v.object({
  host: v.optional(v.pipe(v.string(), v.maxLength(MAX_LEN.host))),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PORT))),
  security: v.optional(v.picklist(['tls', 'starttls', 'none'])),
  /** The From address and name; the address defaults to the login name when that is one. */
  address: v.optional(v.pipe(v.string(), v.maxLength(MAX_LEN.user))),
  name: v.optional(v.pipe(v.string(), v.maxLength(MAX_LEN.name))),
  /** Login name when it differs from the incoming one. */
  user: v.optional(v.pipe(v.string(), v.maxLength(MAX_LEN.user))),
});
export type SmtpSettings = v.InferOutput<typeof SmtpSettings>;
