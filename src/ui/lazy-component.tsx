import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type LazyComponent<P> = ComponentType<P> & {
  /** Starts loading the code now, so that it is in by the time the component first renders. */
  preload(): void;
};

/**
 * A component whose code is in a chunk of its own, for parts of a page its first paint does not
 * need (shown only in some states, or only after a user action). Until the code is in it renders
 * `placeholder()`, and `placeholder(message)` if the load failed (nothing by default); a failed
 * load is not kept, so the next time the component shows it tries again. Once loaded, it renders
 * at once.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: (failure?: string) => ComponentChildren = () => null,
): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    ));
  function Lazy(props: P) {
    const [state, setState] = useState<{ component?: ComponentType<P>; failure?: string }>(() => ({
      component: loaded,
    }));
    useEffect(() => {
      if (state.component) return;
      let live = true;
      start().then(
        (component) => live && setState({ component }),
        (e: unknown) => live && setState({ failure: e instanceof Error ? e.message : String(e) }),
      );
      return () => {
        live = false;
      };
    }, []);
    const { component: Component, failure } = state;
    return Component ? <Component {...props} /> : <>{placeholder(failure)}</>;
  }
  return Object.assign(Lazy, { preload: () => void start().catch(() => undefined) });
}
