// Renders a diagnostic under its source line with a caret; the only place offsets become columns on screen.
import type { Diagnostic } from './diagnostic.js';

export function formatDiagnostic(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  const src = (lines[d.line - 1] ?? '').replace(/\r$/, '');
  const width = Math.max(1, Math.min(d.end - d.start, src.length - (d.column - 1)));
  const gutter = String(d.line).length;
  const pad = ' '.repeat(gutter);
  const out = [
    `${d.severity} ${d.code}: ${d.message}`,
    `${pad} --> ${d.line}:${d.column}`,
    `${pad} |`,
    `${d.line} | ${src}`,
    `${pad} | ${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(width)}`,
  ];
  if (d.help) out.push(`${pad} = help: ${d.help}`);
  return out.join('\n');
}
