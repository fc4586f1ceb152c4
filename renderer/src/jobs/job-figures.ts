/** Job figures in words: durations and rates as the Jobs screen and the footer show them. */

/** "2 min 05 s", "12 s", "< 1 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return '< 1 s';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatRate(rate: number): string {
  return rate >= 10 ? `${Math.round(rate)}/s` : `${rate.toFixed(1)}/s`;
}
