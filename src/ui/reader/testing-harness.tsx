import { useState } from 'preact/hooks';
import { MessageFrame } from './MessageFrame';

/** Test-only: a MessageFrame with its own "Load images" state, like the reader holds it. */
export function Harness({ html }: { html: string }) {
  const [load, setLoad] = useState(false);
  return <MessageFrame html={html} loadImages={load} onLoadImages={() => setLoad(true)} />;
}
