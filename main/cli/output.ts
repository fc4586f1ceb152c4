/**
 * How the CLI speaks: one JSON document on stdout with --json (one JSON line per event for a
 * command that runs until stopped), readable text otherwise; diagnostics and progress on stderr.
 */

export interface Output {
  json: boolean;
  /** The command's result: printed as JSON, or as `text()` for people. */
  result(value: unknown, text: () => string): void;
  /** One event of a command that runs until stopped (watch): a JSON line, or `text()`. */
  event(value: unknown, text: () => string): void;
  /** A diagnostic line on stderr. */
  warn(line: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
    event(value, text) {
      process.stdout.write(`${json ? JSON.stringify(value) : text()}\n`);
    },
    warn(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}

/**
 * A plain text table; numbers align right.
 * @example table([['name', 'n'], ['a', 1]])
 */
export function table(rows: (string | number)[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          typeof cell === 'number'
            ? String(cell).padStart(widths[i]!)
            : String(cell).padEnd(widths[i]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
