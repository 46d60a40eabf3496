// What a script runs, without its heredocs' bodies (data: a script written to a file, SQL
// handed to a client): interactive.ts reads commands from what is left.

import { describe, expect, it } from 'vitest';
import { withoutHeredocBodies } from '../../source/runbook/shell-lines';

describe('a script without its heredoc bodies', () => {
  it('keeps the line asking for a body and every line after the body ends', () => {
    expect(withoutHeredocBodies("cat > r.sh <<'EOF'\npsql app\nEOF\nchmod +x r.sh")).toBe("cat > r.sh <<'EOF'\nchmod +x r.sh");
    expect(withoutHeredocBodies('ssh db <<-END\n\tpsql\n\tEND\necho sent')).toBe('ssh db <<-END\necho sent');
    expect(withoutHeredocBodies('a <<A <<"B"\none\nA\ntwo\nB\nafter')).toBe('a <<A <<"B"\nafter');
  });

  it('skips no line for a here-string, a quoted <<, a shift, or a << in a comment', () => {
    for (const script of ['cat <<< "x"\npsql', 'echo "a << b"\npsql', 'echo $((1 << 2))\npsql', '(( x = 1 << 3 ))\npsql', '# then: cat <<EOF\npsql']) {
      expect(withoutHeredocBodies(script)).toBe(script);
    }
  });

  it('reads a megabyte line of << in one pass', () => {
    // Each `<<` looked back for its `((` once cost the square of the line.
    const MB = 1_000_000;
    for (const unit of ['<< ', '(( << ', '<<(( ', '<< ))']) {
      const line = unit.repeat(Math.ceil(MB / unit.length));
      expect(withoutHeredocBodies(`${line}\npsql`)).toBe(`${line}\npsql`);
    }
    // One pass takes milliseconds; the square, over a minute.
  }, 10_000);
});
