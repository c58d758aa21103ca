import { useEffect, useRef } from 'react';

/**
 * Calls save(value) `delay` ms after the value stops changing, and only when it differs from what was loaded or
 * last saved. A tab that closes (the marketer opens the next tab) or a page being left saves what is still waiting
 * at once: an edit made in the last `delay` ms is kept.
 */
export function useAutosave<T>(value: T, save: (v: T) => void, delay = 400, enabled = true): void {
  const saved = useRef(JSON.stringify(value));
  const saveRef = useRef(save);
  saveRef.current = save;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const waiting = useRef<string | null>(null);
  /** Saves the waiting value now, if there is one; true when it did. */
  const flush = useRef(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const v = waiting.current;
    if (v === null) return false;
    waiting.current = null;
    saved.current = v;
    saveRef.current(JSON.parse(v) as T);
    return true;
  }).current;
  const json = JSON.stringify(value);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    waiting.current = enabled && json !== saved.current ? json : null;
    if (waiting.current !== null) timer.current = setTimeout(flush, delay);
  }, [json, delay, enabled, flush]);
  useEffect(() => {
    // Closing or reloading the page with an edit still waiting: send it, and let the browser ask to stay.
    const leaving = (e: BeforeUnloadEvent) => {
      if (flush()) e.preventDefault();
    };
    window.addEventListener('beforeunload', leaving);
    return () => {
      window.removeEventListener('beforeunload', leaving);
      flush();
    };
  }, [flush]);
}
