import { useEffect, useRef } from 'preact/hooks';
import { commandFor, type Command } from './keyboard';

/**
 * One document-level key listener for the popup's commands; `run` answers whether it used the
 * key (then the browser's default is prevented). The latest `run` is always the one called.
 */
export function usePopupKeys(run: (command: Command, key: string) => boolean): void {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandFor(e);
      if (command && runRef.current(command, e.key)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
