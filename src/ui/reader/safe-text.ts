/**
 * Text from a mail that the reader shows outside the sandboxed frame: attachment names and
 * sender names. Unicode bidi controls (UAX #9 §2: LRE…RLO, LRI…PDI, LRM/RLM/ALM) can make
 * "invoice‮fdp.exe" read as "invoiceexe.pdf", and invisible characters or long runs of spaces
 * can push the real extension out of sight; both are removed before anything is shown.
 */

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

export interface CleanText {
  text: string;
  /** The original held bidi controls: the UI marks it so the user knows it was altered. */
  hadBidi: boolean;
}

/** Removes bidi controls and invisible characters and collapses runs of white space. */
export function cleanText(raw: string): CleanText {
  const hadBidi = BIDI_CONTROLS.test(raw);
  BIDI_CONTROLS.lastIndex = 0;
  const text = raw.replace(BIDI_CONTROLS, '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return { text, hadBidi };
}

/** The extension of a file name (with its dot), if it has a plausible one. */
function extensionOf(name: string): string {
  return /\.[^.\s/\\]{1,12}$/.exec(name)?.[0] ?? '';
}

export interface AttachmentName extends CleanText {
  /** The name to show: shortened in the middle, never losing the extension. */
  shown: string;
  /** The real extension, shown apart from the name ("" when there is none). */
  extension: string;
}

/**
 * An attachment's name for display: cleaned, then shortened to at most `max` characters by
 * cutting the middle, so the start and the real extension both stay visible.
 */
export function attachmentName(raw: string, max = 48): AttachmentName {
  const clean = cleanText(raw);
  const extension = extensionOf(clean.text);
  const chars = [...clean.text];
  if (chars.length <= max) return { ...clean, shown: clean.text, extension };
  const ext = [...extension];
  const keep = Math.max(1, max - ext.length - 1);
  const stem = chars.slice(0, chars.length - ext.length);
  const head = Math.ceil(keep * 0.7);
  const tail = keep - head;
  const shown = `${stem.slice(0, head).join('')}…${tail > 0 ? stem.slice(-tail).join('') : ''}${extension}`;
  return { ...clean, shown, extension };
}
