/** Text for people: aligned columns, a header, long cells cut with "…" so one row stays one line. */
export function table(header: string[], rows: Array<Array<string | number | undefined>>, maxCell = 60): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => clip(cell === undefined ? '' : String(cell), maxCell)))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : (cell ?? '').padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Epoch ms as a local, sortable time (seconds are enough to tell rows apart for a person). */
export function when(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
