// The terminal's size, updated on resize, so the screen re-lays out to fit.

import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import type { ScreenSize } from '../screens/layout';

export function useTerminalSize(fallback: ScreenSize = { columns: 80, rows: 24 }): ScreenSize {
  const { stdout } = useStdout();
  const read = (): ScreenSize => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // read() depends on stdout only.
  }, [stdout]);
  return size;
}
