// What the controller keeps of a step's output in memory: a bounded head for judging
// expectations and a bounded tail for the screen. The journal keeps every line.

const HEAD_LIMIT = 1 << 20; // 1 MiB: enough for any expectation that reads the whole output
const TAIL_LINES = 200;

export class OutputBuffer {
  private headText = '';
  private headFull = false;
  private readonly tailLines: string[] = [];
  private partial = '';
  private total = 0;

  push(chunk: string): void {
    if (!this.headFull) {
      this.headText += chunk;
      if (this.headText.length > HEAD_LIMIT) {
        this.headText = this.headText.slice(0, HEAD_LIMIT);
        this.headFull = true;
      }
    }
    const end = chunk.lastIndexOf('\n');
    if (end === -1) {
      this.partial += chunk;
      return;
    }
    this.total += countNewlines(chunk);
    // Only the last TAIL_LINES matter: find where they start from the end of the chunk
    // instead of splitting all of it (a pipe read holds thousands of lines).
    let from = end;
    for (let n = 0; n < TAIL_LINES; n++) {
      if (from <= 0) {
        from = -1;
        break;
      }
      from = chunk.lastIndexOf('\n', from - 1);
      if (from === -1) break;
    }
    const kept = from === -1 ? this.partial + chunk.slice(0, end) : chunk.slice(from + 1, end);
    for (const line of kept.split('\n')) this.tailLines.push(line);
    this.partial = chunk.slice(end + 1);
    if (this.tailLines.length > TAIL_LINES) this.tailLines.splice(0, this.tailLines.length - TAIL_LINES);
  }

  /** The output for judging: whole when small, else its first MiB and the tail. */
  text(): string {
    if (!this.headFull) return this.headText;
    return `${this.headText}\n${this.tail(TAIL_LINES).join('\n')}`;
  }

  tail(n: number): string[] {
    const lines = this.partial ? [...this.tailLines, this.partial] : this.tailLines;
    return lines.slice(Math.max(0, lines.length - n));
  }

  lineCount(): number {
    return this.total + (this.partial ? 1 : 0);
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
