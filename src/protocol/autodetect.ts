/**
 * What `account.autodetect` answers: candidate settings and where each came from. RFC 6186 §6:
 * an SRV record can point the user's mail anywhere, and whoever controls (or spoofs) the DNS of
 * the domain controls where the password goes; a target outside the address's domain is
 * therefore flagged, and the extension asks the user before using it (docs/protocol.md).
 */
import * as v from 'valibot';
import { AccountSettings, OAuthProvider } from './model';

export const AutodetectCandidate = v.object({
  settings: AccountSettings,
  /** Where the candidate came from, e.g. `SRV _imaps._tcp.example.org`. */
  source: v.pipe(v.string(), v.maxLength(300)),
  /** The server is not the address's domain nor below it (only SRV can do that): ask first. */
  outsideDomain: v.boolean(),
});
export type AutodetectCandidate = v.InferOutput<typeof AutodetectCandidate>;

/** At most this many candidates: 4 SRV services × a few records, or the 10 host-name guesses. */
export const MAX_AUTODETECT_CANDIDATES = 40;

/** A provider of src/protocol/rules/providers.ts the address belongs to (by domain or MX). */
export const AutodetectProvider = v.object({
  id: v.pipe(v.string(), v.maxLength(40)),
  name: v.pipe(v.string(), v.maxLength(100)),
  /** Present when the provider signs in with OAuth ("Sign in with ..."). */
  oauth: v.optional(OAuthProvider),
  /** `domain`: the address's domain is the provider's; `mx`: the domain's MX hosts are. */
  via: v.picklist(['domain', 'mx']),
});
export type AutodetectProvider = v.InferOutput<typeof AutodetectProvider>;

export const AutodetectResult = v.object({
  candidates: v.pipe(v.array(AutodetectCandidate), v.maxLength(MAX_AUTODETECT_CANDIDATES)),
  provider: v.optional(AutodetectProvider),
});
