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
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.total += parts.length;
    // Only the last TAIL_LINES matter; skip the rest of a big chunk without copying it.
    const start = Math.max(0, parts.length - TAIL_LINES);
    for (let i = start; i < parts.length; i++) this.tailLines.push(parts[i] ?? '');
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
