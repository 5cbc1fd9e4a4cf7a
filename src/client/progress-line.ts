// One status line that rewrites itself on a terminal, or prints a new line per change elsewhere (CI logs, pipes).
export class ProgressLine {
  #last = '';
  readonly #stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
  }

  update(text: string): void {
    if (text === this.#last) return;
    this.#last = text;
    if (this.#stream.isTTY) this.#stream.write(`\r\x1b[2K${text}`);
    else this.#stream.write(`${text}\n`);
  }

  /** Ends the line so that later output starts on a fresh one. */
  finish(): void {
    if (this.#stream.isTTY && this.#last) this.#stream.write('\n');
    this.#last = '';
  }
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
