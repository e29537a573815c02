import { autodetect } from '../autodetect';
import { detectProvider, presetCandidates } from '../provider-detect';
import type { Handler } from './context';

/** A known provider's preset first (by domain or MX), else RFC 6186 SRV and host-name guesses. */
export const accountAutodetect: Handler<'account.autodetect'> = async (params) => {
  const known = await detectProvider(params.email);
  if (known) return { candidates: presetCandidates(known.preset, params.email), provider: known.provider };
  return { candidates: await autodetect(params.email) };
};
