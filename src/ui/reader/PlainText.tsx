import { linkify } from './linkify';

/** Plain-text mail: line breaks kept (pre-wrap), URLs clickable, everything else plain text. */
export function PlainText({ text }: { text: string }) {
  return (
    <pre class="plain-text" data-testid="message-text">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" title={part.href}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </pre>
  );
}
